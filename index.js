// The node and credential classes, for tests and programmatic use:
//   const { SpherePay, SpherePayTrigger, SpherePayApi } = require('n8n-nodes-spherepay');
// n8n itself loads them through package.json's "n8n" section.
const { SpherePay } = require('./dist/nodes/SpherePay/SpherePay.node');
const { SpherePayTrigger } = require('./dist/nodes/SpherePayTrigger/SpherePayTrigger.node');
const { SpherePayApi } = require('./dist/credentials/SpherePayApi.credentials');

module.exports = { SpherePay, SpherePayTrigger, SpherePayApi };

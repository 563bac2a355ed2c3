// The node and credential classes, for tests and programmatic use:
//   const { SpherePay, SpherePayApi } = require('n8n-nodes-spherepay');
// n8n itself loads them through package.json's "n8n" section.
const { SpherePay } = require('./dist/nodes/SpherePay/SpherePay.node');
const { SpherePayApi } = require('./dist/credentials/SpherePayApi.credentials');

module.exports = { SpherePay, SpherePayApi };

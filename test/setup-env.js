const os = require('node:os');
const path = require('node:path');

process.env.N8N_USER_FOLDER ??= path.join(os.tmpdir(), 'n8n-nodes-spherepay-test');

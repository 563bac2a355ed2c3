/**
 * A local SMTP server that accepts every message on 127.0.0.1 and keeps it, parsed,
 * so tests can assert what the Send Email node really sent.
 */
const { simpleParser } = require('mailparser');
const { SMTPServer } = require('smtp-server');

async function startSmtpSink({ port = 0, host = '127.0.0.1', onMessage = () => undefined } = {}) {
	const messages = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then((mail) => {
					const message = {
						from: mail.from?.text,
						to: mail.to?.text,
						subject: mail.subject,
						text: mail.text ?? '',
						html: typeof mail.html === 'string' ? mail.html : '',
					};
					messages.push(message);
					onMessage(message);
					callback();
				})
				.catch(callback);
		},
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	return {
		port: server.server.address().port,
		host,
		messages,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startSmtpSink };

// The calls the editor makes to a running n8n's internal REST API (/rest), for what the CLI
// cannot do: the owner account, data tables, and running a workflow as "Execute workflow"
// does (`n8n execute` starts no modules, so a Data Table node fails there).
const { parse } = require('flatted');

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

class N8nRest {
	/** @param {string} url the n8n server, e.g. http://127.0.0.1:5678 */
	constructor(url) {
		this.url = url;
		this.cookie = '';
	}

	/**
	 * Creates the owner account, or logs in if it exists. n8n may answer a moment before it
	 * registers the owner route (404): asked again for up to 30 s.
	 */
	async signIn({ email, password, firstName = 'Dev', lastName = 'User' }) {
		let response;
		for (let tries = 0; ; tries++) {
			response = await this.post('/rest/owner/setup', { email, password, firstName, lastName });
			if (response.status !== 404 || tries >= 30) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		// 400: the owner exists already (a user folder used before).
		const existing = response.status === 400;
		if (existing) response = await this.post('/rest/login', { emailOrLdapLoginId: email, password });
		if (!response.ok) throw new Error(`signing in to n8n: ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
		return existing ? 'existing' : 'created';
	}

	post(path, body) {
		return fetch(`${this.url}${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: this.cookie },
			body: JSON.stringify(body),
		});
	}

	/** A call whose answer is `{ data }`; anything else throws with what n8n said. */
	async call(method, path, body) {
		const response = await fetch(`${this.url}${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
		try {
			return JSON.parse(text).data;
		} catch {
			throw new Error(`n8n ${method} ${path}: ${response.status}, not JSON: ${text.slice(0, 300)}`);
		}
	}

	async personalProjectId() {
		this.projectId ??= (await this.call('GET', '/rest/projects/personal')).id;
		return this.projectId;
	}

	/** The ID of the data table called `name` in the owner's project, created with `columns` if absent. */
	async ensureDataTable({ name, columns }) {
		const base = `/rest/projects/${await this.personalProjectId()}/data-tables`;
		const listed = await this.call('GET', `${base}?take=500`);
		const existing = (listed.data ?? listed).find((table) => table.name === name);
		if (!existing) return (await this.call('POST', base, { name, columns })).id;
		// A table made by an earlier version of the examples gains the columns it lacks.
		const present = new Set((await this.call('GET', `${base}/${existing.id}/columns`)).map((column) => column.name));
		for (const column of columns) {
			if (!present.has(column.name)) await this.call('POST', `${base}/${existing.id}/columns`, column);
		}
		return existing.id;
	}

	async rows(dataTableId) {
		const page = await this.call('GET', `/rest/projects/${await this.personalProjectId()}/data-tables/${dataTableId}/rows?take=1000`);
		return page.data;
	}

	/** Deletes every row (the API wants a condition: every row's id is above 0). */
	async clearRows(dataTableId) {
		const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'id', condition: 'gt', value: 0 }] });
		await this.call('DELETE', `/rest/projects/${await this.personalProjectId()}/data-tables/${dataTableId}/rows?filter=${encodeURIComponent(filter)}`);
	}

	async insertRows(dataTableId, rows) {
		await this.call('POST', `/rest/projects/${await this.personalProjectId()}/data-tables/${dataTableId}/insert`, {
			data: rows,
			returnType: 'count',
		});
	}

	/** Activates (2.x: publishes) the workflow's current version, as its toggle or Publish button does. */
	async activate(workflowId) {
		const { versionId } = await this.call('GET', `/rest/workflows/${workflowId}`);
		return await this.call('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	}

	async deactivate(workflowId) {
		return await this.call('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * The workflow's saved executions, newest first, with their run data. n8n lists running and
	 * finished executions with two queries, so one that finishes between them is listed twice:
	 * each ID is kept once.
	 */
	async executions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { results } = await this.call('GET', `/rest/executions?filter=${filter}&limit=100`);
		const ids = [...new Set(results.map(({ id }) => id))];
		return await Promise.all(
			ids.map(async (id) => {
				const execution = await this.call('GET', `/rest/executions/${id}`);
				return { id, status: execution.status, mode: execution.mode, data: parse(execution.data) };
			}),
		);
	}

	/**
	 * Runs a saved workflow from `trigger`, as the editor's "Execute workflow" does, and waits
	 * for it to finish. Returns its status and run data.
	 */
	async runManually(workflowId, trigger, { timeoutMs = 120_000 } = {}) {
		const workflowData = await this.call('GET', `/rest/workflows/${workflowId}`);
		const started = await this.call('POST', `/rest/workflows/${workflowId}/run`, {
			workflowData,
			triggerToStartFrom: { name: trigger },
		});
		if (!started?.executionId) throw new Error(`n8n did not start ${workflowId}: ${JSON.stringify(started)}`);
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const execution = await this.call('GET', `/rest/executions/${started.executionId}`);
			if (execution && FINISHED.has(execution.status) && execution.stoppedAt) {
				return { id: started.executionId, status: execution.status, data: parse(execution.data) };
			}
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		throw new Error(`execution ${started.executionId} of ${workflowId} did not finish within ${timeoutMs / 1000} s`);
	}
}

module.exports = { N8nRest };

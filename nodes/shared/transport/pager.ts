import type { ResponseContext } from '../helpers/spherePayError';
import type { SpherePayRequest, SpherePayResponse } from './index';
import { readCustomerListPage, type CustomerListPage } from './responses/customer';
import { forEachConcurrently } from './throttle';

/**
 * SpherePay's customer list (`GET /v2/customer`, newest first) with the filters in `query`,
 * `pageSize` customers asked for per page, each page sent through `send`: one page (the
 * Customer picker), or as many as are needed (Get Many).
 */
export class CustomerPager {
	constructor(
		private readonly send: (request: SpherePayRequest) => Promise<SpherePayResponse>,
		private readonly context: ResponseContext,
		private readonly query: Record<string, string>,
		private readonly pageSize: number,
	) {}

	/** Page `page` (the first is 1). */
	async page(page: number): Promise<CustomerListPage> {
		const qs = { ...this.query, page: String(page), limit: String(this.pageSize) };
		return readCustomerListPage(this.context, await this.send({ method: 'GET', path: '/v2/customer', qs }), page);
	}

	/**
	 * Reads pages from the first until `keep`, given each page in order, says it has kept
	 * `limit` customers (it returns how many it kept in all), or until no page follows.
	 */
	async collect(limit: number, concurrency: number, keep: (page: CustomerListPage) => number): Promise<void> {
		let page = 1;
		let last = await this.page(page);
		let kept = keep(last);
		if (last.hasNext && last.totalPages !== undefined && kept < limit) {
			// The first page tells how many pages there are, and (being full) how large
			// SpherePay makes them, whatever was asked: the pages that can still be needed
			// are asked for together.
			const lastNeeded = Math.min(last.totalPages, page + Math.ceil((limit - kept) / last.customers.length));
			const pages = await this.pages(page + 1, lastNeeded, concurrency);
			for (const read of pages) kept = keep(read);
			page += pages.length;
			last = pages.at(-1) ?? last;
		}
		// The number of pages is unknown, or the list grew while paging (the last page
		// still has a next one): one page after another until SpherePay says none follows.
		while (last.hasNext && kept < limit) {
			last = await this.page(++page);
			kept = keep(last);
		}
	}

	/**
	 * Pages `first` to `last`, at most `concurrency` asked for at once, in page order. Stops
	 * asking after a failure (then thrown) or once a page says none follows (the list shrank).
	 */
	private async pages(first: number, last: number, concurrency: number): Promise<CustomerListPage[]> {
		const pages: CustomerListPage[] = [];
		let failure: { error: unknown } | undefined;
		let ended = false;
		await forEachConcurrently(
			last - first + 1,
			concurrency,
			async (index) => {
				try {
					pages[index] = await this.page(first + index);
					if (!pages[index].hasNext) ended = true;
				} catch (error) {
					failure ??= { error };
				}
			},
			() => failure !== undefined || ended,
		);
		if (failure) throw failure.error;
		return pages;
	}
}

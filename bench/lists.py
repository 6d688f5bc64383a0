"""Benchmark reading list pages: seconds to read the entries and further
pages of one generated list page of N links (ul/li rows with a date each),
for growing N, so that growth that is not linear shows. Times are CPU
seconds of this process.

Example: python -m bench.lists --sizes 1000 4000 20000 100000
"""

from __future__ import annotations

import argparse
import time

from scrapy.http import HtmlResponse, Request

from crawler.cms import read_list


def list_page(links: int) -> HtmlResponse:
    """A column of ``links`` reports, one ``<li>`` each with its date."""
    rows = "".join(f'<li><a href="/art/{i}.html">某局{i}2023年度政府信息公开工作年度报告</a>'
                   f'<span>2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}</span></li>' for i in range(links))
    body = f"<html><body><div class=list><ul>{rows}</ul><a href=index_1.html>下一页</a></div></body></html>"
    url = "http://www.example.gov.cn/nb/"
    return HtmlResponse(url=url, body=body.encode(), encoding="utf-8", request=Request(url))


def measure(links: int, max_links: int) -> tuple[int, float]:
    """(entries read, CPU seconds) for one page of ``links`` links."""
    response = list_page(links)
    start = time.process_time()
    page = read_list(response, max_links=max_links)
    return len(page.entries), time.process_time() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lists", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 20000, 100000])
    parser.add_argument("--max-links", type=int, default=2_000, help="NIANBAO_MAX_LIST_LINKS")
    args = parser.parse_args(argv)
    print(f"{'links':>8} {'read':>8} {'seconds':>8} {'µs/link':>8}")
    for links in args.sizes:
        read, seconds = measure(links, max(args.max_links, links + 1))
        print(f"{links:>8} {read:>8} {seconds:>8.2f} {seconds / links * 1e6:>8.1f}")
    read, seconds = measure(max(args.sizes), args.max_links)
    print(f"with the cap of {args.max_links}: {max(args.sizes)} links, {read} read in {seconds:.2f} s")


if __name__ == "__main__":
    main()

"""Minimal Scrapy spider for the crawl benchmark: follows every link on the
same host, like `govharvest crawl --scope host`."""
import sys
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, starts, **kw):
        super().__init__(**kw)
        self.start_urls = starts

    def parse(self, response):
        host = urlsplit(response.url).netloc
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == host:
                yield scrapy.Request(url, callback=self.parse)


if __name__ == "__main__":
    concurrency, per_host = int(sys.argv[1]), int(sys.argv[2])
    starts = sys.argv[3:]
    process = CrawlerProcess(settings={
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": True,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,
    })
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, starts=starts)
    process.start()
    stats = crawler.stats.get_stats()
    print("scrapy_pages", stats.get("response_received_count", 0), file=sys.stderr)

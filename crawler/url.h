// URLs: canonical form, resolution against a base, parts, registrable domain.
#ifndef GOVHARVEST_CRAWLER_URL_H_
#define GOVHARVEST_CRAWLER_URL_H_

#include <string>
#include <string_view>

#include "store/status.h"

namespace govharvest {

// Canonical form of an absolute http(s) URL, using libcurl's URL API:
// scheme and host lower-cased, default port dropped, fragment dropped,
// percent-encoding normalized (hex upper-cased, unreserved characters
// decoded, bytes that must be encoded encoded, e.g. spaces and UTF-8),
// dot segments resolved, empty path -> "/", query kept in its order.
// IDN hosts are kept as given (lower-cased). Fails naming the URL for
// anything that is not an absolute http or https URL.
Status CanonicalizeUrl(std::string_view url, std::string* out);

// Resolves `ref` (absolute, scheme-relative, absolute-path or relative)
// against the absolute `base` (RFC 3986 5.2), then canonicalizes.
// Entities must already be decoded. Fails for javascript:, mailto:, tel:,
// data: and other non-http(s) results, naming the reference.
Status ResolveUrl(std::string_view base, std::string_view ref, std::string* out);

struct UrlParts {
  std::string scheme;          // "http" | "https"
  std::string host;            // lower-case, no brackets for IPv6
  int port = 0;                // explicit or default (80 / 443)
  std::string path_and_query;  // "/a/b?x=1"
};
Status SplitUrl(std::string_view url, UrlParts* out);

// "scheme://host[:port]" with the default port omitted: the key that robots.txt
// and politeness are per.
std::string OriginOf(const UrlParts& parts);

// Registrable domain of `host` via the Public Suffix List (libpsl), e.g.
// "www.xiangfuqu.gov.cn" -> "xiangfuqu.gov.cn", "a.b.example.com" ->
// "example.com". IP addresses and hosts without one return the host itself.
std::string RegistrableDomain(std::string_view host);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_URL_H_

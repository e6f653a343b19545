#include "pipeline/page_captures.h"

#include "crawler/url.h"
#include "extract/attachment.h"

namespace govharvest {

std::string CaptureUrl(const CaptureRecord& c) { return c.final_url.empty() ? c.requested_url : c.final_url; }

std::string HostClassOf(const CaptureRecord& c, const CleanOptions& options) {
  UrlParts parts;
  if (!SplitUrl(CaptureUrl(c), &parts).ok() || parts.host.empty()) return "unknown";
  if (IsAuthoritativeHost(parts.host, options.allowed_hosts)) {
    return parts.host == "gov.cn" || parts.host.ends_with(".gov.cn") ? "gov" : "allowed";
  }
  return "mirror";
}

bool IsPageContentType(std::string_view type) {
  return type.empty() || type == "text/html" || type == "application/xhtml+xml" || type == "text/plain";
}

bool IsAttachmentFile(const CaptureRecord& c) { return IsAttachmentCandidate(c.content_type, CaptureUrl(c)); }

bool IsPageCapture(const CaptureRecord& c) {
  if (c.outcome != "ok" || c.payload_digest.empty() || c.role == "list" || c.role == "robots") return false;
  return IsPageContentType(c.content_type) || (c.role == "report" && IsAttachmentFile(c));
}

bool IsLinkedAttachment(const CaptureRecord& c) {
  return c.outcome == "ok" && !c.payload_digest.empty() && !c.via.empty() && c.role != "report" &&
         IsAttachmentFile(c);
}

const CaptureRecord& Representative(const std::vector<CaptureRecord>& captures,
                                    const std::vector<std::string>& host_classes) {
  size_t best = 0;
  auto rank = [&](size_t i) { return host_classes[i] == "mirror" ? 0 : 1; };
  for (size_t i = 1; i < captures.size(); ++i) {
    if (rank(i) > rank(best) || (rank(i) == rank(best) && captures[i].fetched_at > captures[best].fetched_at)) {
      best = i;
    }
  }
  return captures[best];
}

}  // namespace govharvest

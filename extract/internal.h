// Pieces of the cleaner shared between its source files (internal header).
#ifndef GOVHARVEST_EXTRACT_INTERNAL_H_
#define GOVHARVEST_EXTRACT_INTERNAL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract/clean.h"

namespace govharvest::clean_internal {

// --- spam (spam.cc) ---
// True when `text` holds a term of the strong lexicon (gambling, porn).
bool HasStrongSpamTerm(std::string_view text);
// `text` with every string of `spam` (longest first) removed; separators left
// dangling at the ends ("_", "-", "|") are trimmed.
std::string StripSpamStrings(std::string_view text, const std::vector<std::string>& spam);

// --- identity (identity.cc) ---
// Clues to the real agency on a page whose name was replaced by spam.
InferredIdentity InferIdentity(std::string_view text, const std::map<std::string, std::string>& meta_tags);
// The GB/T 2260 code the portal domain of `host` points at (place_clues.inc:
// www.hongze.gov.cn -> 320813), "" when the list has none or several.
std::string DivisionCodeOfHost(std::string_view host);

// --- metadata labels (plain_text.cc) ---
// The synonym id of a 信息公开 metadata label ("索 引 号：" -> "index_no"), or "".
std::string MetadataIdForLabel(std::string_view label);
// Reads "label：value" pairs from one line into `metadata` (first value of an
// id wins). Returns how many pairs were read.
int ParseMetadataLine(std::string_view line, std::map<std::string, std::string>* metadata);

// --- tails (html_clean.cc) ---
// What is left of a short paragraph once standard widgets and tails are
// removed (扫一扫…, 打印, 关闭窗口, 字体 大 中 小, 分享到, 浏览次数 …), or the
// paragraph unchanged when it holds none. "" means: drop the paragraph.
std::string StripWidgets(std::string_view paragraph);
// True for breadcrumbs (当前位置…) and 上一篇/下一篇 lines.
bool IsNavigationLine(std::string_view paragraph);
// True for a 相关文章/相关链接 heading that starts a list of links.
bool IsRelatedLinksHeading(std::string_view paragraph);
// True for section headings like "一、总体情况".
bool LooksLikeSectionHeading(std::string_view paragraph);

// --- builders ---
// Fill titles, metadata, meta tags and blocks; spam seen only in hidden
// elements and meta keywords goes to `hidden_spam_sources`.
// Fails with LimitExceeded("too_deep") (and builds nothing) when elements
// nest deeper than `max_depth`: the builder's tree walks recurse.
Status BuildFromHtml(std::string_view html, std::string_view url, int max_depth, CleanPage* page,
                     std::vector<std::string>* hidden_spam_sources);
void BuildFromPlainText(std::string_view text, CleanPage* page);

// The cleaner's last steps on a page whose blocks another reader built (the
// attachment readers): host class, spam, title, clean_text, flags, digests.
void FinishBuiltPage(const CleanOptions& options, CleanPage* page);

// Lower-case host of an http(s) URL, "" otherwise.
std::string HostOfUrl(std::string_view url);

}  // namespace govharvest::clean_internal

#endif  // GOVHARVEST_EXTRACT_INTERNAL_H_

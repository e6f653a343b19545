// PDF attachments through poppler-cpp: every page's words with their boxes
// (poppler::page::text_list), laid out by LayOutWords.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "extract/attachment_internal.h"

namespace govharvest::attachment_internal {

Status ReadPdf(std::string_view bytes, const CleanOptions& options, DocumentContent* out) {
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return Status::InvalidArgument("PDF too large");
  }
  // poppler reads from the caller's buffer without copying; `bytes` outlives `doc`.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (doc == nullptr) return Status::Corruption("PDF cannot be opened (damaged or encrypted)");
  if (doc->is_locked()) return Status::Corruption("PDF is encrypted");
  if (doc->pages() > options.max_pdf_pages) {
    return Status::LimitExceeded("too_large", "PDF has " + std::to_string(doc->pages()) + " pages (limit " +
                                                  std::to_string(options.max_pdf_pages) + ")");
  }
  std::vector<PlacedWord> words;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page == nullptr) continue;
    for (const poppler::text_box& box : page->text_list(poppler::page::text_list_include_font)) {
      const poppler::byte_array utf8 = box.text().to_utf8();
      PlacedWord w;
      w.text.assign(utf8.begin(), utf8.end());
      const poppler::rectf r = box.bbox();
      w.page = i;
      w.x0 = r.left();
      w.x1 = r.right();
      w.y0 = r.top();
      w.y1 = r.bottom();
      w.font_size = box.has_font_info() ? box.get_font_size() : 0;
      w.vertical = box.has_font_info() && box.get_wmode() == poppler::text_box::vertical_wmode;
      w.space_after = box.has_space_after();
      words.push_back(std::move(w));
    }
  }
  *out = LayOutWords(words);
  return Status::Ok();
}

}  // namespace govharvest::attachment_internal

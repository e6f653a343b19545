// Pager reading: where the pages after a list page are, decided from what
// the page itself shows. Pure functions over the page; the crawler verifies
// each guess by fetching it (column_walker.h stops a chain of guesses on a
// failed fetch, a page of nothing new, or dates before the years asked).
//
// Evidence, strongest first:
//   1. a next link (下一页, 下页, 后页, >, », next, or an image whose alt says
//      so; a 尾页/末页 link is never a next link, it only gives the count);
//      a numbered link to the page after the current one;
//   2. paging calls of known CMSes: createPageHTML(N, i, "index", "shtml")
//      and pageControl(...), which give the count and the URL scheme;
//   3. a count written in scripts or text (var countPage = N, totalPage: N,
//      pageCount = parseInt('N'), 共N页, 1/N页, records and page size) with a
//      scheme from the page's own links, the scripts' string concatenations
//      ("index_" + i + ".shtml"), or the list URL itself (index.shtml ->
//      index_1.shtml and index_2.shtml, since sites number page 2 either way;
//      ?page=1 -> ?page=2);
//   4. postbacks: __doPostBack('pager', '2') links, or a page function called
//      with a page number (goPage(2)) while the page has a form with a page
//      field: the form is replayed with the page number set.
#ifndef GOVHARVEST_CRAWLER_PAGER_H_
#define GOVHARVEST_CRAWLER_PAGER_H_

#include <string>
#include <string_view>
#include <vector>

#include "crawler/column.h"
#include "crawler/links.h"

namespace govharvest {

struct PagerReading {
  std::vector<ListRequest> next;  // in order; guessed ones have `guessed` set
  int total_pages = 0;            // 0 when the page does not say
  int total_records = 0;
  int current_page = 0;           // 1-based, 0 when unknown
  std::string evidence;           // what the reading rests on, for `columns` and summaries
};

// `links` are the page's candidate links (ExtractCandidateLinks), `scripts`
// its inline scripts. `request` is the request that fetched the page (its
// form body, and whether it was a guess: a guessed page continues its own
// URL scheme when it shows no pager).
PagerReading ReadPager(std::string_view html, std::string_view page_url, const std::vector<PageLink>& links,
                       const std::vector<std::string_view>& scripts, const ListRequest& request);

// The page number a pager link's text stands for: kNextPage for next links,
// kLastPage for 尾页, a number for numbered links, 0 for anything else.
inline constexpr int kNextPage = -1;
inline constexpr int kLastPage = -2;
int PagerLinkTarget(std::string_view text);

// The URL (or form body) with its page parameter moved on by one: page=,
// pageNo=, pageIndex=, currPage=, curPage=, pageNum=, p=, also inside an
// URL-encoded JSON value ("pageNo":1). False when it has none.
bool NextPageParameter(std::string_view text, std::string* next);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_PAGER_H_

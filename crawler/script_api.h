// Lists that a page's scripts load from an API: the requests the page would
// make without running its scripts, read from the calls themselves.
//
//   $.get('/api/list', args, ...)      $.post('/search', {pageIndex: 1, ...})
//   $.getJSON(...), $.ajax({url: '...', type: 'post', data: {...}}),
//   fetch('...'), axios.get/post('...', {...})
//
// The URL must be a literal. Arguments come from object literals (inline or
// a variable built in the same script, with `args.key = value` added later),
// and their values from literals, `var name = '...'`, `obj.key` (any object
// literal on the page, in scripts or in attributes such as queryData="{...}"),
// `$(...).attr('name')` (the attribute on the page), and JSON.stringify({...}).
// A parameter named like a page number (pageNo, pageIndex, page, currpage,
// ...) whose value is not a literal (the function's page argument) is set to
// 1; a literal page number is kept (APIs that count from 0 write 0). A value
// that cannot be read leaves its parameter out.
#ifndef GOVHARVEST_CRAWLER_SCRIPT_API_H_
#define GOVHARVEST_CRAWLER_SCRIPT_API_H_

#include <string_view>
#include <vector>

#include "crawler/column.h"

namespace govharvest {

// The first page of every list API the page's `scripts` call, resolved
// against `page_url`; `html` is the whole page (for attribute values).
std::vector<ListRequest> ScriptApiRequests(std::string_view html, std::string_view page_url,
                                           const std::vector<std::string_view>& scripts);

}  // namespace govharvest

#endif  // GOVHARVEST_CRAWLER_SCRIPT_API_H_

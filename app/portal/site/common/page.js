// TRS WCM static publishing: page links of a list column.
// createPageHTML(countPage, currentPage, prefix, suffix): currentPage is 0-based;
// page 0 is prefix.suffix, page n is prefix_n.suffix.
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) {
  if (_nPageCount == null || _nPageCount <= 1) { return; }
  var nCurrIndex = _nCurrIndex || 0;
  function pageUrl(i) { return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt; }
  var html = "共" + _nPageCount + "页&nbsp;&nbsp;";
  html += nCurrIndex == 0 ? "首页&nbsp;上一页&nbsp;" : "<a href=\"" + pageUrl(0) + "\">首页</a>&nbsp;<a href=\"" + pageUrl(nCurrIndex - 1) + "\">上一页</a>&nbsp;";
  for (var i = 0; i < _nPageCount; i++) {
    html += i == nCurrIndex ? "<span class=\"current\">" + (i + 1) + "</span>&nbsp;" : "<a href=\"" + pageUrl(i) + "\">" + (i + 1) + "</a>&nbsp;";
  }
  html += nCurrIndex == _nPageCount - 1 ? "下一页&nbsp;尾页" : "<a href=\"" + pageUrl(nCurrIndex + 1) + "\">下一页</a>&nbsp;<a href=\"" + pageUrl(_nPageCount - 1) + "\">尾页</a>";
  document.write(html);
}

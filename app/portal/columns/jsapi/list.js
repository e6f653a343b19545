/* 政府信息公开年报 list: rows from the site's list API, one page at a time. */
(function () {
  'use strict';
  var config = { apiBase: '/api', listPath: '/cms/list' };
  var box = document.getElementById('articleList');
  var list = box.querySelector('ul.news-list');
  var empty = box.querySelector('.list-empty');
  var prev = document.querySelector('#listPager .btn-prev');
  var next = document.querySelector('#listPager .btn-next');
  var total = document.querySelector('#listPager .el-pagination__total');
  var state = { pageNo: 1, pages: 1, loading: false };

  function nonce() {
    return Math.random().toString(16).slice(2, 10);
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function render(result) {
    var rows = result.data || [];
    var html = '';
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      html += '<li><a href="' + escapeHtml(r.url) + '" target="_blank" title="' + escapeHtml(r.title) + '">' +
              escapeHtml(r.title) + '</a><span class="date">' + escapeHtml(String(r.publish).substring(0, 10)) + '</span></li>';
    }
    list.innerHTML = html;
    empty.style.display = rows.length ? 'none' : '';
    state.pages = Math.max(1, Math.ceil(result.totalSizes / result.size));
    total.textContent = '共 ' + result.totalSizes + ' 条 第 ' + state.pageNo + '/' + state.pages + ' 页';
    prev.disabled = state.pageNo <= 1;
    next.disabled = state.pageNo >= state.pages;
  }

  function load(pageNo) {
    if (state.loading) return;
    state.loading = true;
    prev.disabled = true;
    next.disabled = true;
    var body = {
      channelId: box.getAttribute('data-channel-id'),
      pageNo: pageNo,
      pageSize: parseInt(box.getAttribute('data-page-size'), 10),
      timestamp: Date.now(),
      nonce: nonce()
    };
    var xhr = new XMLHttpRequest();
    xhr.open('POST', config.apiBase + config.listPath, true);
    xhr.setRequestHeader('Content-Type', 'application/json;charset=UTF-8');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      state.loading = false;
      if (xhr.status !== 200) return;
      var answer = JSON.parse(xhr.responseText);
      if (answer.code !== 200) return;
      state.pageNo = pageNo;
      render(answer.result);
    };
    xhr.send(JSON.stringify(body));
  }

  prev.addEventListener('click', function () { if (state.pageNo > 1) load(state.pageNo - 1); });
  next.addEventListener('click', function () { if (state.pageNo < state.pages) load(state.pageNo + 1); });
  load(1);
})();

/* 政府信息公开 single-page app: routes #/list/N (the 年报 list, page N). */
(function () {
  'use strict';
  var app = document.getElementById('app');
  var config = null;

  function escapeHtml(s) {
    return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  function getJson(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.setRequestHeader('Accept', 'application/json, text/plain, */*');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status === 200) done(JSON.parse(xhr.responseText));
    };
    xhr.send();
  }

  function shell(inner) {
    return '<div class="header"><div class="w1200"><span class="site-name">' + escapeHtml(config.siteName) + '</span></div></div>' +
           '<div class="bread w1200">当前位置：<a href="/">首页</a> &gt; <a href="#/">' + escapeHtml(config.columnName) + '</a></div>' +
           '<div class="main w1200">' + inner + '</div>';
  }

  function pager(page) {
    var html = '<div class="pagination">';
    var link = function (n, text) { return '<a href="#/list/' + n + '">' + text + '</a> '; };
    if (page.current > 1) html += link(1, '首页') + link(page.current - 1, '上一页');
    html += '<span class="page-info">' + page.current + '/' + Math.max(1, page.pages) + '</span> ';
    if (page.current < page.pages) html += link(page.current + 1, '下一页') + link(page.pages, '尾页');
    return html + '</div>';
  }

  function showList(n) {
    var url = config.api + '?catalogId=' + encodeURIComponent(config.catalogId) + '&current=' + n + '&size=' + config.pageSize;
    getJson(url, function (answer) {
      if (answer.code !== 0) return;
      var page = answer.data;
      var html = '<h2 class="list-title">' + escapeHtml(config.columnName) + '</h2><ul class="article-list">';
      for (var i = 0; i < page.records.length; i++) {
        var r = page.records[i];
        html += '<li><a href="' + escapeHtml(r.linkUrl) + '" target="_blank">' + escapeHtml(r.title) + '</a>' +
                '<span class="date">' + escapeHtml(r.publishDate) + '</span></li>';
      }
      html += '</ul>' + pager(page);
      app.innerHTML = shell(html);
      document.title = config.columnName + '_' + config.siteName;
    });
  }

  function route() {
    var hash = window.location.hash || '#/';
    var m = /^#\/list\/(\d+)$/.exec(hash);
    if (m) {
      showList(parseInt(m[1], 10));
    } else {
      window.location.replace('#/list/1');
    }
  }

  window.addEventListener('hashchange', route);
  getJson('{{config}}?_t=' + Date.now(), function (c) {
    config = c;
    route();
  });
})();

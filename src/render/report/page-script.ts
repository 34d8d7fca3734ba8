/**
 * The page's only script, inlined. Without it the page is whole (every picture is SVG or HTML); it
 * adds filtering by status and by metric name, and tooltips for the pictures' marks.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  body.classList.add('js');
  var active = {};
  var chips = document.querySelectorAll('[data-filter]');
  function applyFilter() {
    var any = Object.keys(active).length > 0;
    document.querySelectorAll('.tile[data-status], .explain[data-status]').forEach(function (el) {
      el.classList.toggle('dim', any && !active[el.getAttribute('data-status')]);
    });
  }
  chips.forEach(function (chip) {
    chip.addEventListener('click', function () {
      var status = chip.getAttribute('data-filter');
      if (active[status]) delete active[status]; else active[status] = true;
      chip.setAttribute('aria-pressed', active[status] ? 'true' : 'false');
      applyFilter();
    });
  });
  var filter = document.getElementById('metric-filter');
  if (filter) {
    filter.addEventListener('input', function () {
      var text = filter.value.trim().toLowerCase();
      document.querySelectorAll('.metric[data-metric]').forEach(function (el) {
        el.hidden = text !== '' && el.getAttribute('data-metric').toLowerCase().indexOf(text) < 0;
      });
    });
  }
  // A filtered-out panel's explanation still shows when its tile is followed.
  function showTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.classList.contains('explain')) {
      target.classList.remove('dim');
      target.focus({ preventScroll: true });
    }
  }
  window.addEventListener('hashchange', showTarget);
  showTarget();
  var tip = document.createElement('div');
  tip.className = 'tip-box';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  body.appendChild(tip);
  function place(x, y) {
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(4, Math.min(x + 12, window.innerWidth - w - 4));
    var top = y + 16 + h > window.innerHeight ? y - h - 8 : y + 16;
    tip.style.left = left + 'px';
    tip.style.top = Math.max(4, top) + 'px';
  }
  document.addEventListener('mouseover', function (event) {
    var el = event.target && event.target.closest ? event.target.closest('[data-tip]') : null;
    if (!el) { tip.hidden = true; return; }
    tip.textContent = el.getAttribute('data-tip');
    tip.hidden = false;
    place(event.clientX, event.clientY);
  });
  document.addEventListener('mousemove', function (event) {
    if (!tip.hidden) place(event.clientX, event.clientY);
  });
})();
`;

/** The page's only stylesheet, inlined: the report must open anywhere, offline, as one file. */
export const PAGE_STYLE = `
:root{color-scheme:light;--fg:#1d1f21;--muted:#5f6368;--line:#d9dce1;--paper:#fff;--back:#f5f6f8}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--back);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
header,main{max-width:1240px;margin:0 auto;padding:0 16px}
header{padding-top:20px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:14px 0 6px}
code{font:0.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
a{color:#0b57d0}
nav{display:flex;flex-wrap:wrap;gap:6px 14px;font-size:.9rem;margin:8px 0}
.muted{color:var(--muted)}
.card{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.headline{font-size:1.15rem;font-weight:600;margin:0 0 6px}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.count{background:var(--paper);border:1px solid var(--line);border-left:6px solid var(--c,var(--line));border-radius:8px;padding:6px 12px}
.count b{font-size:1.3rem;display:block}
.summary li{margin:4px 0}
.legend{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 10px}
.chip{font:inherit;font-size:.85rem;display:inline-flex;align-items:center;gap:6px;border:1px solid var(--line);background:var(--paper);border-radius:999px;padding:2px 10px;color:var(--fg)}
.js .chip{cursor:pointer}
.chip[aria-pressed="true"]{outline:2px solid var(--c)}
.swatch{width:12px;height:12px;border-radius:3px;background:var(--bg);border:3px solid var(--c)}
.row-title{margin:14px 0 6px;font-size:.95rem;color:var(--muted)}
.grid{--unit:14px;display:grid;grid-template-columns:repeat(24,minmax(0,1fr));gap:4px}
.tile{display:flex;flex-direction:column;gap:2px;min-width:0;overflow:hidden;background:var(--bg);border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:4px 8px;color:var(--fg);text-decoration:none;font-size:.82rem}
.tile:hover,.tile:focus{outline:2px solid var(--c)}
.t-title{font-weight:600}
.t-status{color:var(--c);font-weight:600;text-transform:uppercase;font-size:.72rem;letter-spacing:.02em}
.t-metrics code{font-size:.75rem}
.dim{opacity:.18}
.explain.dim,.metric[hidden]{display:none}
.explain{background:var(--paper);border:1px solid var(--line);border-left:6px solid var(--c);border-radius:6px;padding:6px 14px;margin:8px 0;scroll-margin-top:12px}
.explain:target,.explain:focus{outline:3px solid var(--c);box-shadow:0 0 0 6px var(--bg)}
.explain h3{margin:6px 0 2px}
.explain p{margin:4px 0}
.why li{margin:3px 0}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.75rem;font-weight:700;text-transform:uppercase;color:#fff;background:var(--c,#455a64);vertical-align:middle}
.tag{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:0 5px;font-size:.75rem;color:var(--muted)}
.evidence{border-top:1px dashed var(--line);margin-top:6px}
.evidence h4{margin:6px 0 0;font-size:.85rem}
.back{font-size:.8rem}
.branch,.metric,.startup-group{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:6px 14px;margin:10px 0}
.figure{overflow-x:auto;margin:6px 0}
.figure svg{display:block;width:100%;min-width:520px;height:auto}
.figure svg.lanes{max-width:920px}
.figure svg.timeline{max-width:760px}
.lbl{font:12px system-ui,sans-serif;fill:#222}
.lbl.strong{font-weight:700}
.lbl.small{font-size:10.5px;fill:#555}
.lbl.mono{font-family:ui-monospace,monospace}
.trunk{stroke:#1565c0;stroke-width:5;stroke-linecap:round}
.lane{fill:none;stroke:#8d6e63;stroke-width:4;stroke-linecap:round}
.base{fill:#37474f}
.tip{fill:#fff;stroke:#37474f;stroke-width:3}
.tip.deployed{fill:#1565c0;stroke:#0d47a1}
.mark{stroke:#fff;stroke-width:2}
.mark.introduced{fill:#2e7d32}
.mark.merged{fill:#6a1b9a}
.spine{stroke:#b0b4ba;stroke-width:2}
.ev circle{fill:#757575;stroke:#fff;stroke-width:2}
.ev.introduced circle,.ev.re-added circle{fill:#2e7d32}
.ev.changed circle{fill:#1565c0}
.ev.moved circle{fill:#6a1b9a}
.ev.merged circle{fill:#8d6e63}
.ev.removed circle{fill:#c62828}
ol.chain{list-style:none;display:flex;flex-wrap:wrap;gap:2px 6px;padding:0;margin:4px 0}
ol.chain li+li::before{content:"\\2192  ";color:var(--muted)}
ul.uses{margin:2px 0 6px}
.commits li,.events li,.sites li{margin:4px 0}
.js-only{display:none}
.js .js-only{display:block}
input[type=search]{font:inherit;padding:2px 8px;border:1px solid var(--line);border-radius:6px;max-width:100%}
.tip-box{position:fixed;z-index:10;max-width:min(380px,90vw);background:#263238;color:#fff;font-size:.8rem;padding:6px 8px;border-radius:6px;pointer-events:none}
footer{max-width:1240px;margin:30px auto;padding:0 16px;color:var(--muted);font-size:.8rem}
.v-deployed{--c:#2e7d32}.v-only-in{--c:#c62828}.v-removed{--c:#8e24aa}.v-never-defined{--c:#455a64}
.s-ok{--c:#2e7d32;--bg:#edf7ee}
.s-external{--c:#546e7a;--bg:#eef2f4}
.s-not-deployed{--c:#c62828;--bg:#fdecea}
.s-removed{--c:#8e24aa;--bg:#f6e9f9}
.s-lazy-never-used{--c:#d84315;--bg:#fdeee8}
.s-lazy-error-path{--c:#b26a00;--bg:#fff4e0}
.s-lazy-first-use{--c:#8d7b00;--bg:#fffbe0}
.s-lazy-unknown{--c:#795548;--bg:#f3eeec}
.s-no-series-yet{--c:#0277bd;--bg:#e7f3fb}
.s-unknown{--c:#37474f;--bg:#eceff1}
.s-query-problem{--c:#ad1457;--bg:#fce8f1}
.s-query-error{--c:#6a1b9a;--bg:#f3e8f8}
.s-not-checked{--c:#9e9e9e;--bg:#f7f7f7}
@media (max-width:700px){
  .grid{grid-template-columns:repeat(2,minmax(0,1fr));grid-template-rows:none!important}
  .tile{grid-column:auto!important;grid-row:auto!important;min-height:64px}
  body{font-size:14px}
}
@media print{.legend,.js-only,.back{display:none}.dim{opacity:1}}
`;

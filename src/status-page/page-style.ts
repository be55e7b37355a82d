/** The status page's whole stylesheet, inlined: one request, no build step, works without JavaScript. */
export const pageStyle = `
:root{--fg:#1c2430;--muted:#5b6675;--line:#e3e7ed;--bg:#f6f7f9;--card:#fff;
--green:#2f9e5b;--yellow:#d9a400;--orange:#e3710f;--red:#cf3a2b;--blue:#3569c9;--none:#c7cdd6}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
.wrap{max-width:52rem;margin:0 auto;padding:2rem 1rem 3rem}
h1{font-size:1.9rem;margin:0}h2{font-size:1.2rem;margin:2rem 0 .75rem}h3,h4{font-size:1rem;margin:0}
.lede,.muted,.legend,.meta,.desc{color:var(--muted)}.lede{margin:.25rem 0 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 .75rem}
.overall{font-size:1.15rem;font-weight:600;color:#fff;border-radius:8px;padding:1rem 1.25rem;margin:1.5rem 0 0}
.o-operational{background:var(--green)}.o-degraded_performance{background:var(--yellow);color:#1c2430}
.o-partial_outage{background:var(--orange)}.o-major_outage{background:var(--red)}.o-under_maintenance{background:var(--blue)}
.stale{background:#fff4d6;border:1px solid #e6c66e;border-radius:8px;padding:.75rem 1rem;margin:1.5rem 0 0}
ul.plain,ol.plain{list-style:none;margin:0;padding:0}
.row{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
.state{font-weight:600;white-space:nowrap}.state::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.4em;background:currentColor}
.s-operational{color:var(--green)}.s-degraded_performance{color:#a67d00}.s-partial_outage{color:var(--orange)}
.s-major_outage{color:var(--red)}.s-under_maintenance{color:var(--blue)}
.desc{margin:.1rem 0 0;font-size:.9rem}
.bars{display:flex;gap:2px;list-style:none;margin:.75rem 0 .25rem;padding:0;height:2.1rem}
.bar{flex:1 1 0;border-radius:2px;min-width:0}.bar:hover{opacity:.7}
.u-green{background:var(--green)}.u-yellow{background:var(--yellow)}.u-orange{background:var(--orange)}
.u-red{background:var(--red)}.u-none{background:var(--none)}
.legend{display:flex;justify-content:space-between;font-size:.8rem}.legend .d60,.legend .d30,.legend .span-note{display:none}
@media (max-width:40rem){.bars .bar:nth-child(-n+30){display:none}.legend .d90{display:none}.legend .d60,.legend .span-note{display:inline}}
@media (max-width:30rem){.bars .bar:nth-child(-n+60){display:none}.legend .d60{display:none}.legend .d30{display:inline}
.card{padding:1rem .875rem}}
.group{margin:1.25rem 0 .5rem;font-size:.95rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.updates{margin:.75rem 0 0;padding:0 0 0 1rem;border-left:2px solid var(--line);list-style:none}
.updates li{margin:0 0 .75rem}.updates p{margin:0}.msg{white-space:pre-line}
.meta{margin:.25rem 0 0;font-size:.9rem}
footer{margin-top:2.5rem;font-size:.9rem;color:var(--muted)}a{color:var(--blue)}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#9aa5b4;--line:#2c3542;--bg:#12171e;--card:#1a212b;--none:#3a4453}
.stale{background:#3a3016;border-color:#6b5a22}.s-degraded_performance{color:var(--yellow)}}
`.replace(/\n/g, '');

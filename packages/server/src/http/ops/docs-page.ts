/** A small self-contained HTML page that renders /docs/json (no CDN, works offline). */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>openmart API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0}
summary{cursor:pointer;padding:.45rem .6rem;font-family:ui-monospace,monospace}
.m{display:inline-block;width:4.2rem;font-weight:700} .get{color:#0a6} .post{color:#06c} .delete{color:#c30}
pre{background:#f6f6f6;padding:.6rem;overflow:auto;margin:0 .6rem .6rem} .tag{margin-top:1.5rem}
</style></head><body>
<h1>openmart API</h1><p>OpenAPI document: <a href="/docs/json">/docs/json</a></p><div id="ops">loading…</div>
<script>
fetch('/docs/json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths||{}))for(const [m,op] of Object.entries(ops)){
    const t=(op.tags&&op.tags[0])||'other';(byTag[t]=byTag[t]||[]).push({path,m,op});}
  const el=document.getElementById('ops');el.textContent='';
  const esc=s=>String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));
  for(const [tag,list] of Object.entries(byTag)){
    const h=document.createElement('h2');h.className='tag';h.textContent=tag;el.appendChild(h);
    for(const {path,m,op} of list){const d=document.createElement('details');d.className='op';
      d.innerHTML='<summary><span class="m '+m+'">'+m.toUpperCase()+'</span>'+esc(path)+' &nbsp; <i>'+esc(op.summary||'')+'</i></summary>'+
      '<pre>'+esc(JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2))+'</pre>';
      el.appendChild(d);}}
}).catch(e=>{document.getElementById('ops').textContent='cannot load /docs/json: '+e});
</script></body></html>
`;

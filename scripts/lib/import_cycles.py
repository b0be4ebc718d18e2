#!/usr/bin/env python3
"""Finds import cycles between a Rust crate's modules (scripts/test.sh runs it over core/ and
src-tauri/; scripts/selftest.sh shows it fires).

Usage: import_cycles.py SRC_DIR [DEPTH]. A module's edges are the modules its `use` lines and
`crate::`/`super::` paths name (comments and test files left out), resolved to the longest
module that exists, or through a `pub use` re-export (`crate::Catalog` where lib.rs has
`pub use catalog::Catalog` is an edge to `catalog`); `#[cfg(test)] mod x { ... }` blocks are
left out (only those blocks: code after them counts); DEPTH folds modules to their first DEPTH path segments (1: `catalog`,
2: `catalog::store`). A module and its own ancestors never count as a cycle. Prints each cycle
with its edges and exits 1 if there is one.
"""
import os, re, sys
root=sys.argv[1]  # e.g. core/src
mods={}
for d,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs') or f=='tests.rs' or f.endswith('_tests.rs'): continue
        p=os.path.join(d,f); rel=os.path.relpath(p,root)[:-3]
        parts=rel.split('/')
        if parts[-1] in ('mod','lib','main'): parts=parts[:-1]
        mods['::'.join(parts)]=p
def strip_tests(s):
    """Source without its `#[cfg(test)] mod name { ... }` blocks (braces matched; everything
    after a block still counts) and without `#[cfg(test)] mod name;` declarations."""
    out=[];i=0
    pat=re.compile(r'#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*([{;])')
    while True:
        mm=pat.search(s,i)
        if not mm:
            out.append(s[i:]);break
        out.append(s[i:mm.start()])
        if mm.group(1)==';':
            i=mm.end();continue
        depth=1;j=mm.end()
        while j<len(s) and depth:
            if s[j]=='{':depth+=1
            elif s[j]=='}':depth-=1
            j+=1
        i=j
    return ''.join(out)
def clean(s):
    s=strip_tests(s)
    return re.sub(r'//[^\n]*','',s)
def norm(u):
    """A `use` tree with whitespace only where it means something (`x as y`)."""
    u=re.sub(r'\s*(::|\{|\}|,)\s*',r'\1',u)
    return re.sub(r'\s+',' ',u).strip()
def expand(x):
    mm=re.match(r'^(.*?)\{(.*)\}$',x)
    if not mm: return [x]
    pre,body=mm.groups(); out=[];depth=0;cur_='';
    for ch in body:
        if ch=='{':depth+=1
        if ch=='}':depth-=1
        if ch==',' and depth==0: out.append(cur_);cur_=''
        else: cur_+=ch
    if cur_: out.append(cur_)
    r=[]
    for o in out: r+=expand(pre+o)
    return r
def absolute(x,parent):
    """A `use` path as a path from the crate root, or None for an outside crate."""
    if x.startswith('crate::'): return x[7:]
    if x.startswith('super::'):
        base=parent[:]; y=x
        while y.startswith('super::'): base=base[:-1]; y=y[7:]
        return '::'.join(base+[y])
    if x.startswith('self::'): return '::'.join(parent+[x[6:]])
    # A path starting at a child module (`pub use model::Catalog;` in catalog/mod.rs).
    first=x.split('::')[0]
    if '::'.join(parent+[first]) in mods: return '::'.join(parent+[x])
    return None
# Re-exports: (module, name) -> the path it stands for.
reexports={}
for m,p in mods.items():
    cur=m.split('::') if m else []
    for u in re.findall(r'\bpub(?:\([^)]*\))?\s+use\s+([^;]+);',clean(open(p).read())):
        for x in expand(norm(u)):
            name=x.split(' as ')[1] if ' as ' in x else x.split('::')[-1]
            x=x.split(' as ')[0]
            if x.endswith('::*') or x.endswith('::self'): continue
            t=absolute(x,cur)
            if t is not None: reexports[(m,name)]=t
def resolve(path,hops=0):
    segs=[s for s in path.split('::') if s]
    for n in range(len(segs),-1,-1):
        k='::'.join(segs[:n])
        if k in mods:
            # `k::Name` re-exported from somewhere else: follow it (bounded).
            if n<len(segs) and (k,segs[n]) in reexports and hops<8:
                r=resolve(reexports[(k,segs[n])]+('::'+'::'.join(segs[n+1:]) if n+1<len(segs) else ''),hops+1)
                if r is not None: return r
            return k if k!='' or n==0 else None
    return None
edges={m:set() for m in mods}
for m,p in mods.items():
    s=clean(open(p).read())
    cur=m.split('::') if m else []
    isdir=os.path.basename(p) in ('mod.rs','lib.rs','main.rs')
    parent=cur
    for u in re.findall(r'\buse\s+([^;]+);',s):
        for x in expand(norm(u)):
            x=x.split(' as ')[0]
            if x.startswith('crate::') or x.startswith('super::') or x.startswith('self::'):
                tgt=absolute(x,parent)
            else:
                continue
            r=resolve(tgt)
            if r is not None and r!=m and not m.startswith(r+'::') and not r=='' : edges[m].add(r)
    for sup in re.findall(r'(?<![\w:])((?:super::)+(?:[a-z_0-9]+::)*[a-z_0-9]+)',s):
        base=parent[:]; y=sup
        while y.startswith('super::'): base=base[:-1]; y=y[7:]
        r=resolve('::'.join(base+[y]))
        if r is not None and r!=m and r!='' and not m.startswith(r+'::'): edges[m].add(r)
    for x in re.findall(r'\bcrate::((?:[a-z_0-9]+::)*[a-z_0-9]+)',s):
        r=resolve(x)
        if r is not None and r!=m and r!='' and not m.startswith(r+'::'): edges[m].add(r)
# collapse to chosen granularity: depth arg
depth=int(sys.argv[2]) if len(sys.argv)>2 else 99
def g(m): return '::'.join(m.split('::')[:depth])
E={}
for a,bs in edges.items():
    for b in bs:
        ga,gb=g(a),g(b)
        if ga!=gb and not ga.startswith(gb+'::') and not gb.startswith(ga+'::'): E.setdefault(ga,set()).add(gb)
# tarjan
idx={};low={};st=[];on=set();res=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in E.get(v,()):
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        if len(comp)>1: res.append(sorted(comp))
for v in list(E):
    if v not in idx: sc(v)

for r in res:
    print('cycle:',' <-> '.join(r))
    for a in r:
        print('   ',a,'->',sorted(b for b in E.get(a,()) if b in r))
print(len(res),'cycles')
sys.exit(1 if res else 0)

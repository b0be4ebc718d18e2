#!/usr/bin/env python3
"""Finds import cycles between a Rust crate's modules (scripts/test.sh runs it over core/ and
src-tauri/; scripts/selftest.sh shows it fires).

Usage: import_cycles.py SRC_DIR [DEPTH]. A module's edges are the modules its `use` lines and
`crate::`/`super::` paths name (comments and test files left out), resolved to the longest
module that exists; DEPTH folds modules to their first DEPTH path segments (1: `catalog`,
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
def resolve(path):
    segs=path.split('::')
    for n in range(len(segs),0,-1):
        k='::'.join(segs[:n])
        if k in mods: return k
    return None
edges={m:set() for m in mods}
for m,p in mods.items():
    s=open(p).read()
    s=re.split(r'#\[cfg\(test\)\]\s*mod tests',s)[0]
    s=re.sub(r'//[^\n]*','',s)
    cur=m.split('::') if m else []
    isdir=os.path.basename(p) in ('mod.rs','lib.rs','main.rs')
    parent=cur
    # expand use groups crudely
    for u in re.findall(r'\buse\s+([^;]+);',s):
        u=re.sub(r'\s+','',u)
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
        for x in expand(u):
            x=x.split(' as ')[0]
            tgt=None
            if x.startswith('crate::'): tgt=x[7:]
            elif x.startswith('super::'):
                base=parent[:]; y=x
                while y.startswith('super::'): base=base[:-1]; y=y[7:]
                tgt='::'.join(base+[y])
            elif x.startswith('self::'): tgt='::'.join(parent+[x[6:]])
            if tgt is None: continue
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

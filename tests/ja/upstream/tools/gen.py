import json,glob,yaml,subprocess,os
from ruamel.yaml import YAML
jobs=json.load(open('/tmp/upstream/jobs.json'))
ry=YAML(); ry.default_flow_style=False; ry.allow_unicode=True; ry.width=4096
fix={}
for f in glob.glob('/work/shared/fixtures/textlint-ja/*.yaml'):
    d=yaml.safe_load(open(f)); fix[d['rule']]=d
summary=[]
for rule,repo,c,p in jobs:
    cases={'valid':[],'invalid':[]}; excluded=[]
    for t in p.split():
        for run in json.load(open(f'/tmp/upstream/{rule}/'+t.replace('/','_')+'.json')):
            if run['plugins']:
                excluded.append(f"{t} ({'/'.join(run['plugins'])} plugin: {len(run['valid'])} valid, {len(run['invalid'])} invalid)"); continue
            for kind in ('valid','invalid'):
                for x in run[kind]:
                    if isinstance(x,str): x={'text':x}
                    case={'id':f"{kind}-{len(cases[kind])}", 'text':x['text']}
                    for k in ('options','ext','output'):
                        if k in x and x[k] is not None: case[k]=x[k]
                    if kind=='invalid':
                        errs=[]; note=None
                        for e in x.get('errors',[]):
                            if isinstance(e,dict): errs.append({k:v for k,v in e.items() if k in ('message','line','column','index','range','loc')})
                            else:
                                errs.append({}); note='the upstream test wrote this expected error as a nested array, so textlint-tester only checks the number of errors'
                        case['errors']=errs
                        if note: case['case_note']=note
                    cases[kind].append(case)
    g='/work/.mirror/'+repo.replace('/','+')+'/repo'
    pkg=json.loads(subprocess.run(['git','-C',g,'show',f'{c}:package.json'],capture_output=True,text=True).stdout)
    lic=subprocess.run(['git','-C',g,'show',f'{c}:LICENSE'],capture_output=True,text=True).stdout
    notice=next((l.strip() for l in lic.splitlines() if l.strip().startswith('Copyright')), '')
    hidden=0
    if rule in fix:
        for kind in ('valid','invalid'):
            mine={x['id']:x for x in cases[kind]}
            for pc in fix[rule].get(kind) or []:
                assert mine[pc['id']]['text']==pc['text'], (rule,pc['id'])
                assert (mine[pc['id']].get('options') or {})==(pc.get('options') or {}), (rule,pc['id'])
                if kind=='invalid': assert mine[pc['id']]['errors']==pc['errors'], (rule,pc['id'], mine[pc['id']]['errors'], pc['errors'])
            ids={x['id'] for x in fix[rule].get(kind) or []}
            for x in cases[kind]:
                x['subset']='public' if x['id'] in ids else 'hidden'
    out={'rule':rule,'package':pkg['name'],'package_version':pkg['version'],
         'source':{'repo':'https://github.com/'+repo,'path':p,'commit':c},
         'license':{'spdx':pkg.get('license','MIT'),'notice':notice},
         'note':'texts are parsed as Markdown by textlint. ALL upstream Markdown cases (the public subset and the rest), recorded by running the upstream test file with textlint-tester replaced by a recorder; see README.md here',
         'subset':'all'}
    if excluded: out['excluded_upstream_runs']=excluded
    out['valid']=cases['valid']; out['invalid']=cases['invalid']
    with open(f'/work/wt-i24-japort/tests/ja/upstream/{rule}.yaml','w') as fh: ry.dump(out,fh)
    summary.append((rule,len(cases['valid']),len(cases['invalid']),pkg['version'],notice,c[:12]))
for s in summary: print(s)

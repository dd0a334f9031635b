(function(){
'use strict';
var each=function(list,fn){Array.prototype.forEach.call(list,fn)};

// A finding and the cells it is about light up together.
function cells(li){return (li.getAttribute('data-cells')||'').split(' ').filter(Boolean)}
function focus(li,on){cells(li).forEach(function(id){var c=document.getElementById(id);
 if(c){c.classList.toggle('focus',on)}});li.classList.toggle('focus',on)}
each(document.querySelectorAll('ol.findings>li'),function(li){
 li.addEventListener('mouseenter',function(){focus(li,true)});
 li.addEventListener('mouseleave',function(){focus(li,false)});
 li.addEventListener('focusin',function(){focus(li,true)});
 li.addEventListener('focusout',function(){focus(li,false)});});

var t=document.getElementById('overview');
// The overview sorts by any column (ties keep the input order).
if(t){each(t.querySelectorAll('th'),function(th,i){var b=th.querySelector('button');
 if(!b){return}
 b.addEventListener('click',function(){
 var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows),
 dir=th.getAttribute('data-dir')==='asc'?'desc':'asc';th.setAttribute('data-dir',dir);
 var num=th.getAttribute('data-type')==='num';
 rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
  var r=num?(parseFloat(x)-parseFloat(y)):x.localeCompare(y,'zh');
  if(r===0){r=parseInt(a.getAttribute('data-i'),10)-parseInt(b.getAttribute('data-i'),10)}
  return dir==='asc'?r:-r});
 rows.forEach(function(r){body.appendChild(r)});});});}

// #filter-rule-ARI002, #filter-family-TAB, #filter-grade-E show only the reports concerned.
var status=document.getElementById('filter-status');
function has(list,key){return (' '+(list||'')+' ').indexOf(' '+key+' ')>=0}
function apply(){
 if(!t){return}
 var m=/^#filter-(rule|family|grade)-([A-Za-z0-9]+)$/.exec(location.hash),n=0;
 each(t.tBodies[0].rows,function(r){
  var show=!m||has(r.getAttribute('data-'+m[1]),m[2]);r.hidden=!show;if(show){n++}});
 each(document.querySelectorAll('[data-filter]'),function(el){
  el.classList.toggle('selected',!!m&&el.getAttribute('data-filter')===m[1]+'-'+m[2])});
 if(status){
  status.hidden=!m;
  if(m){var what=status.querySelector('.what'),count=status.querySelector('.count');
   what.textContent=(status.getAttribute('data-'+m[1])||'')+' '+m[2];
   count.textContent=String(n);status.scrollIntoView({block:'nearest'})}}}
window.addEventListener('hashchange',apply);apply();

// Printed, every finding shows its details.
var opened=[];
window.addEventListener('beforeprint',function(){
 each(document.querySelectorAll('details:not([open])'),function(d){d.open=true;opened.push(d)})});
window.addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false});opened=[]});
document.body.setAttribute('data-ready','1');
})();

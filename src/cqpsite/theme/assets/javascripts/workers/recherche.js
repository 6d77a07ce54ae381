/* cqpsite: a wrapper around Material's search worker, which it loads unchanged (its file name
   follows "?" in this script's URL; see the engine's main.html, block "config").

   Material 9.x offers no hook for the query (the `__search` object of earlier versions is gone),
   so this wrapper speaks Material's worker protocol (0 setup, 1 ready, 2 query, 3 result):
   - Material's worker, lunr's languages and the index are loaded when search is first used: the
     page's setup message is kept and answered at once, Material gets it with the first query;
     the documents come from a second file when the index names one (`config.documents`);
   - accents are folded on both sides ("reglementation" finds "réglementation");
   - each word of 5 letters or more also matches with one typo ("douanne" → douane), and every
     word also matches its other forms (Material's "word*" alone missed "expéditions" for
     "expédition": the index holds stems, and lunr does not stem a term with a wildcard);
   - a criterion code in any usual spelling ("5.2", "c5.2", "C5-2", "critère 5.2") becomes the
     number the index carries ("5.2", see cqpsite.recherche), and that criterion is the first
     result, with its own link;
   - "missing term" notes are dropped: with stemming and typos they were often wrong. */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const MATERIAL = self.location.search.slice(1)
const post = self.postMessage.bind(self)
const listen = self.addEventListener.bind(self)

let setup = null        // the page's setup message
let started = null      // Promise: Material's worker loaded and set up
let handle = null       // Material's message listener
const waiting = []      // resolvers of Material's answers, in order

self.addEventListener = (type, fn, options) => {
  if (type === "message")
    handle = fn
  else
    listen(type, fn, options)
}
self.postMessage = message => {
  const resolve = waiting.shift()
  if (resolve)
    resolve(message)
  else
    post(message)
}

function material(message) {
  return new Promise(resolve => {
    waiting.push(resolve)
    handle({ data: message })
  })
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/Œ/g, "OE").replace(/Æ/g, "AE")
}

function foldTokens(token) {
  return token.update(fold)
}

/* Fold accents in the index and in the query terms, just before the language's stemmer. */
function installFolding() {
  lunr.Pipeline.registerFunction(foldTokens, "cqpsiteFold")
  const use = lunr.Builder.prototype.use
  lunr.Builder.prototype.use = function (plugin, ...args) {
    use.call(this, plugin, ...args)
    for (const pipeline of [this.pipeline, this.searchPipeline])
      try {
        pipeline.before(plugin.stemmer, foldTokens)
      } catch (err) {
        pipeline.add(foldTokens)
      }
  }
}

async function start() {
  if (!/^search\.\w+\.min\.js$/.test(MATERIAL))  // only Material's worker, beside this one
    throw new Error(`cqpsite : programme de recherche inattendu « ${MATERIAL} »`)
  importScripts(MATERIAL)
  installFolding()
  const data = setup.data
  if (data.config.documents) {
    const response = await fetch(new URL(`../../../search/${data.config.documents}`, self.location))
    data.docs = (await response.json()).docs
  }
  await material({ type: SETUP, data })
}

/* A criterion code: "5.2", "c5.2", "C5-2", "critère 5.2", or a displayed number ("B1.C1.1"). */
const CODE = /^(?:critere\s*)?(?:n[°o]\s*)?([a-z]{0,3}\d+(?:\s*[.\-]\s*[a-z]{0,3}\d+)+[a-z]?)$/
const ELISIONS = new Set(["c", "d", "j", "l", "m", "n", "qu", "s", "t"])

/* The query handed to Material; `code` when it is a criterion's. */
function rewrite(query) {
  const plain = fold(query.toLowerCase()).trim()
  const found = CODE.exec(plain)
  if (found) {
    const code = found[1].replace(/\s+/g, "").replace(/-/g, ".")
    // Letters then numbers only ("c5.2"): the number the index carries beside the code ("5.2")
    const query = /^[a-z]*\d+(?:\.\d+)+$/.test(code) ? code.replace(/^[a-z]+/, "") : code
    return { query, code: true }
  }
  if (/[+\-~^:*"]/.test(plain.replace(/(\w)-(\w)/g, "$1 $2")))
    return { query: plain, code: false }
  /* Each word as typed (Material adds "*": a word being typed), and the whole word through
     the stemmer: exact for short words, within one typo for longer ones. */
  const terms = []
  const words = plain.split(/[^\p{L}\p{N}.\-]+/u)
    .filter(word => word && !ELISIONS.has(word))  // "l’expédition": "l" would match anything
  for (const word of words) {
    terms.push(word)
    if (/^[\p{L}\p{N}]+$/u.test(word))
      terms.push(word.length >= 5 ? `${word}~1` : `${word}^1`)
  }
  return { query: terms.join(" "), code: false }
}

/* The best criterion found becomes the first result, alone, so that its link comes first. */
function criterionFirst(items) {
  const group = items.find(g => g.some(item => item.location.includes("#critere-")))
  if (!group)
    return items
  const best = group.find(item => item.location.includes("#critere-"))
  const page = group.find(item => !item.location.includes("#"))
  const others = group.filter(item => item !== best)
  const alone = { ...best, title: page ? `${best.title} — ${page.title}` : best.title }
  const kept = others.some(item => item.score > 0) ? [others] : []
  return [[alone], ...items.flatMap(g => g === group ? kept : [g])]
}

function tidy(message, code) {
  if (message.type !== RESULT)
    return message
  let items = message.data.items.map(group => group.map(item => ({
    ...item,
    terms: Object.fromEntries(Object.entries(item.terms).filter(([, found]) => found))
  })))
  if (code)
    items = criterionFirst(items)
  return { ...message, data: { ...message.data, items } }
}

async function receive(message) {
  if (message.type === SETUP) {
    setup = setup || message
    post({ type: READY })
    return
  }
  if (message.type !== QUERY || !setup)
    return
  if (!message.data.trim()) {  // sent when the page opens: no reason to load anything yet
    post({ type: RESULT, data: { items: [] } })
    return
  }
  started = started || start()
  await started
  const { query, code } = rewrite(message.data)
  post(tidy(await material({ type: QUERY, data: query }), code))
}

let queue = Promise.resolve()
listen("message", event => {
  queue = queue.then(() => receive(event.data)).catch(err => {
    console.warn(err)
    post({ type: RESULT, data: { items: [] } })
  })
})

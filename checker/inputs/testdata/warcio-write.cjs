// Writes the same WARC records with warcio.js (webrecorder), a writer independent of
// ours, three ways: one gzip member per record, every record in one gzip stream, and
// uncompressed; and pages.json, the HTML responses a reader must find in each.
// Usage: node warcio-write.cjs WARCIO_PACKAGE_DIR OUT_DIR
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { WARCRecord, WARCSerializer } = require(process.argv[2]);
const out = process.argv[3];

const date = "2024-03-01T10:00:00Z";
const pages = [
  { url: "http://news.example/a", title: "Alpha report", text: "The council voted seven to two." },
  { url: "http://news.example/b", title: "Beta report", text: "Rainfall was twice the average." },
  { url: "https://news.example/c?x=1", title: "Gamma report", text: "The bridge opens in May." },
  { url: "http://other.example/d", title: "Delta report", text: "Exports fell by four percent." },
];
const html = (p) => `<!doctype html><html><head><title>${p.title}</title></head><body><article><h1>${p.title}</h1><p>${p.text}</p></article></body></html>\n`;
const enc = (s) => new TextEncoder().encode(s);

function records() {
  const recs = [WARCRecord.createWARCInfo({ date, filename: "fixture.warc" }, { software: "warcio.js", format: "WARC File Format 1.1" })];
  for (const p of pages) {
    recs.push(WARCRecord.create({ url: p.url, date, type: "request", statusline: "GET " + new URL(p.url).pathname + " HTTP/1.1", httpHeaders: { Host: new URL(p.url).host } }, [enc("")]));
    const body = enc(html(p));
    recs.push(WARCRecord.create({ url: p.url, date, type: "response", statusline: "HTTP/1.1 200 OK", httpHeaders: { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(body.length) } }, [body]));
  }
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  recs.push(WARCRecord.create({ url: "http://news.example/logo.png", date, type: "response", statusline: "HTTP/1.1 200 OK", httpHeaders: { "Content-Type": "image/png" } }, [png]));
  // An HTML resource record whose target URI is in angle brackets, as some wget versions write.
  const res = { url: "http://news.example/e", title: "Epsilon note", text: "The museum reopened on Sunday." };
  // warcio writes the URI bare; serialize() puts the brackets back on this record.
  recs.push(WARCRecord.create({ url: res.url, type: "resource", date, warcHeaders: { "Content-Type": "text/html" } }, [enc(html(res))]));
  return { recs, html: [...pages, res], bracketed: res.url };
}

async function serialize(gzip) {
  const { recs, bracketed } = records();
  const parts = [];
  for (const r of recs) {
    let b = Buffer.from(await WARCSerializer.serialize(r, { gzip: false }));
    if (r.warcType === "resource") {
      // Only the header changes, so the Content-Length and digests stay right.
      b = Buffer.from(b.toString("latin1").replace("WARC-Target-URI: " + bracketed + "\r\n", "WARC-Target-URI: <" + bracketed + ">\r\n"), "latin1");
      parts.push(gzip ? zlib.gzipSync(b) : b);
    } else {
      parts.push(gzip ? Buffer.from(await WARCSerializer.serialize(r, { gzip })) : b);
    }
  }
  return Buffer.concat(parts);
}

async function main() {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "per-record.warc.gz"), await serialize(true));
  const plain = await serialize(false);
  fs.writeFileSync(path.join(out, "plain.warc"), plain);
  fs.writeFileSync(path.join(out, "one-stream.warc.gz"), zlib.gzipSync(plain));
  const want = records().html.map((p) => ({ url: p.url, text: p.text }));
  fs.writeFileSync(path.join(out, "pages.json"), JSON.stringify(want, null, 1) + "\n");
}
main().catch((e) => { console.error(e); process.exit(1); });

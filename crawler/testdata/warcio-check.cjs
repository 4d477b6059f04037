// Reads WARC files with warcio.js (webrecorder), an implementation independent of ours,
// and prints one JSON line per record: offset, type, target, and whether the block and
// payload digests it recomputes match the record's headers.
// Usage: node warcio-check.cjs WARCIO_PACKAGE_DIR FILE...
const crypto = require("crypto");
const fs = require("fs");
const { WARCParser } = require(process.argv[2]);

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(buf) {
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
const sha1 = (b) => "sha1:" + base32(crypto.createHash("sha1").update(b).digest());

async function main() {
  for (const file of process.argv.slice(3)) {
    // Pass 1: raw blocks (no HTTP parsing) for block digests and offsets.
    const raw = new WARCParser(fs.createReadStream(file), { parseHttp: false });
    const rows = [];
    for await (const rec of raw) {
      const block = await rec.readFully(false);
      rows.push({
        file, offset: raw.offset, type: rec.warcType, target: rec.warcTargetURI || "",
        id: rec.warcHeader("WARC-Record-ID"), length: rec.warcContentLength,
        blockDigestOK: sha1(block) === rec.warcBlockDigest,
        payloadDigest: rec.warcPayloadDigest || "",
      });
    }
    // Pass 2: HTTP parsed; the raw payload (after the HTTP headers) for payload digests.
    const http = new WARCParser(fs.createReadStream(file));
    let i = 0;
    for await (const rec of http) {
      const row = rows[i++];
      if (rec.warcType === "response" && rec.httpHeaders) {
        const payload = await rec.readFully(false);
        row.status = rec.httpHeaders.statusCode;
        row.payloadDigestOK = sha1(payload) === rec.warcPayloadDigest;
        row.payloadLength = payload.length;
      } else {
        await rec.skipFully();
      }
    }
    for (const r of rows) console.log(JSON.stringify(r));
  }
}
main().catch((e) => { console.error(e); process.exit(1); });

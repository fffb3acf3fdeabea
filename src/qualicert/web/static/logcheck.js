// Check a certificate's events against the transparency log in this browser, trusting
// neither this page nor the server: the signed checkpoint is verified with the log's
// published Ed25519 key (C2SP signed note), each event's leaf is read from the public entry
// tiles (C2SP tlog-tiles), hashed here (RFC 9162: SHA-256(0x00 || leaf)) and proven in the
// checkpoint's tree with an inclusion proof walked here (RFC 9162 2.1.3.2).
// The page works without this script; the same check runs on the server behind the form.
(function () {
  "use strict";

  const box = document.getElementById("browser-check");
  if (!box) return;
  const leaves = (box.dataset.leaves || "").split(",").filter(Boolean).map(Number);
  if (!leaves.length) return;

  const enc = new TextEncoder();
  const fromB64 = (text) => Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const fetchOk = async (url) => {
    const answer = await fetch(url, { cache: "no-store" });
    if (!answer.ok) throw new Error(url + " answered " + answer.status);
    return answer;
  };

  // A C2SP signed note: the text up to the blank line, then "— name base64(keyid || sig)".
  async function openCheckpoint(note, vkey) {
    // name+hexid+base64: the base64 part may itself hold "+", so split at the first two only.
    const vkeyText = vkey.trim();
    const first = vkeyText.indexOf("+");
    const second = vkeyText.indexOf("+", first + 1);
    const name = vkeyText.slice(0, first);
    const keyB64 = vkeyText.slice(second + 1);
    const keyBytes = fromB64(keyB64);
    if (keyBytes[0] !== 1 || keyBytes.length !== 33) throw new Error("not an Ed25519 key");
    const key = await crypto.subtle.importKey(
      "raw", keyBytes.slice(1), { name: "Ed25519" }, false, ["verify"]);
    const split = note.indexOf("\n\n");
    const text = note.slice(0, split + 1);
    let signed = false;
    for (const line of note.slice(split + 2).split("\n")) {
      const parts = line.split(" ");
      if (parts.length !== 3 || parts[0] !== "\u2014" || parts[1] !== name) continue;
      const blob = fromB64(parts[2]);
      signed = signed || await crypto.subtle.verify(
        { name: "Ed25519" }, key, blob.slice(4), enc.encode(text));
    }
    if (!signed) throw new Error("the checkpoint's signature does not verify");
    const lines = text.split("\n");
    return { size: Number(lines[1]), root: fromB64(lines[2]) };
  }

  // tlog-tiles index: 3-digit groups, all but the last prefixed by "x".
  function tileIndex(n) {
    const groups = [];
    do { groups.unshift(String(n % 1000).padStart(3, "0")); n = Math.floor(n / 1000); } while (n > 0);
    return groups.map((g, i) => (i < groups.length - 1 ? "x" + g : g)).join("/");
  }

  async function leafBytes(index, size) {
    const tile = Math.floor(index / 256);
    const width = Math.min(256, size - tile * 256);
    const path = "/ledger/tile/entries/" + tileIndex(tile) + (width < 256 ? ".p/" + width : "");
    const data = new Uint8Array(await (await fetchOk(path)).arrayBuffer());
    let at = 0;
    for (let i = 0; i < index % 256; i++) at += 2 + ((data[at] << 8) | data[at + 1]);
    const length = (data[at] << 8) | data[at + 1];
    return data.slice(at + 2, at + 2 + length);
  }

  async function rootFromProof(leafHash, index, size, proof) {
    let fn = index, sn = size - 1, r = leafHash;
    const one = new Uint8Array([1]);
    for (const p of proof) {
      if (sn === 0) return null;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(one, p, r));
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await sha256(concat(one, r, p));
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  async function check() {
    const [note, vkey] = await Promise.all([
      fetchOk("/ledger/checkpoint").then((a) => a.text()),
      fetchOk("/ledger/key").then((a) => a.text()),
    ]);
    const checkpoint = await openCheckpoint(note, vkey);
    let proven = 0;
    for (const index of leaves) {
      if (index >= checkpoint.size) continue;
      const leaf = await leafBytes(index, checkpoint.size);
      const leafHash = await sha256(concat(new Uint8Array([0]), leaf));
      const answer = await fetchOk(
        "/api/v1/ledger/proofs/inclusion?leaf_index=" + index + "&tree_size=" + checkpoint.size);
      const proof = (await answer.json()).proof.map(fromB64);
      const root = await rootFromProof(leafHash, index, checkpoint.size, proof);
      if (root && equal(root, checkpoint.root)) proven += 1;
    }
    return { proven, size: checkpoint.size };
  }

  const button = document.createElement("button");
  button.type = "button";
  button.id = "check-in-browser";
  button.textContent = box.dataset.label;
  const result = document.createElement("p");
  result.id = "browser-result";
  result.setAttribute("role", "status");
  box.append(button, result);
  button.addEventListener("click", async () => {
    button.disabled = true;
    if (!window.crypto || !crypto.subtle) {
      result.textContent = box.dataset.unavailable;
      return;
    }
    try {
      const { proven, size } = await check();
      const ok = proven === leaves.length;
      result.className = "verdict " + (ok ? "verdict-VALID" : "verdict-TAMPERED");
      result.textContent = (ok ? box.dataset.ok : box.dataset.bad)
        .replace("{count}", String(ok ? proven : leaves.length - proven))
        .replace("{size}", size.toLocaleString());
    } catch (error) {
      result.className = "verdict verdict-TAMPERED";
      result.textContent = box.dataset.bad.replace("{count}", String(leaves.length))
        + " (" + error.message + ")";
    } finally {
      button.disabled = false;
    }
  });
})();

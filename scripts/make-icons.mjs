// Draws the demo's app icons (192 and 512 px, plus a 512 px maskable one) and writes them as PNG
// with Node's zlib: no image library, no network. Run again after changing the drawing:
//   node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../demo/public/icons/', import.meta.url);
const BACKGROUND = [15, 23, 42];
const BARS = [[56, 189, 248], [52, 211, 153], [250, 204, 21]];
const LINE = [248, 250, 252];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
/** RGBA pixels (size × size × 4) to a PNG file. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/**
 * The picture in unit coordinates (0..1): three rising bars and a trend line on a dark tile.
 * `maskable` fills the whole square and keeps the picture inside the central 80 % safe zone.
 */
function colourAt(x, y, maskable) {
  const inset = maskable ? 0.2 : 0.06;
  const radius = 0.2;
  if (!maskable) {
    const cx = Math.min(Math.max(x, radius), 1 - radius), cy = Math.min(Math.max(y, radius), 1 - radius);
    if (Math.hypot(x - cx, y - cy) > radius) return null;
  }
  const u = (x - inset) / (1 - 2 * inset), v = (y - inset) / (1 - 2 * inset);
  const trend = [[0.12, 0.62], [0.42, 0.42], [0.6, 0.5], [0.9, 0.16]];
  for (let i = 0; i + 1 < trend.length; i++) if (distanceToSegment(u, v, trend[i], trend[i + 1]) < 0.045) return LINE;
  const bars = [[0.12, 0.62], [0.42, 0.44], [0.72, 0.26]];
  for (let i = 0; i < bars.length; i++) {
    const [left, top] = bars[i];
    if (u >= left && u <= left + 0.18 && v >= top && v <= 0.88) return BARS[i];
  }
  return BACKGROUND;
}

function draw(size, maskable) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4; // 4×4 supersampling for smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size, maskable);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a) { pixels[i] = r / a; pixels[i + 1] = g / a; pixels[i + 2] = b / a; }
      pixels[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return encodePng(size, pixels);
}

mkdirSync(OUT, { recursive: true });
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['maskable-512.png', 512, true], ['apple-touch-icon.png', 180, true]]) {
  writeFileSync(new URL(name, OUT), draw(size, maskable));
  console.log(`demo/public/icons/${name}`);
}

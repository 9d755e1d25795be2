/**
 * Abstract, self-contained SVG illustrations for the demo images. Each key in
 * `demoImages` (./content.ts) gets its own motif and palette; drawing is
 * deterministic (a PRNG seeded from the key), with no text, fonts or external
 * references. Unknown keys get a neutral gradient.
 */

type Motif = (r: () => number, p: Palette) => string;
/** [sky top, sky bottom, accent, main shape, secondary shape] */
type Palette = [string, string, string, string, string];

const W = 1600;
const H = 900;
const n = (v: number): number => Math.round(v * 10) / 10;
const pts = (list: [number, number][]): string => list.map(([x, y]) => `${n(x)},${n(y)}`).join(' ');

/** Mulberry32 seeded with an FNV-1a hash of the key. */
function seeded(key: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return () => {
    h = (h + 0x6d2b79f5) | 0;
    let t = Math.imul(h ^ (h >>> 15), 1 | h);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const repeat = (count: number, f: (i: number) => string): string =>
  Array.from({ length: count }, (_, i) => f(i)).join('');

const motifs: Record<string, Motif> = {
  skylineRain: (r, p) => {
    let x = -20;
    let city = '';
    while (x < W) {
      const w = 70 + r() * 120;
      const h = 160 + r() * 380;
      city += `<rect x="${n(x)}" y="${n(H - h)}" width="${n(w)}" height="${n(h)}" fill="${r() < 0.5 ? p[3] : p[4]}"/>`;
      city += `<rect x="${n(x + 12)}" y="${n(H - h + 20)}" width="${n(w - 24)}" height="${n(h - 40)}" fill="url(#win)" opacity="0.55"/>`;
      x += w + 6;
    }
    const rain = repeat(160, () => {
      const rx = r() * (W + 200);
      const ry = r() * H;
      return `<line x1="${n(rx)}" y1="${n(ry)}" x2="${n(rx - 14)}" y2="${n(ry + 46)}"/>`;
    });
    return `${city}<g stroke="${p[2]}" stroke-width="2" opacity="0.6">${rain}</g>`;
  },
  solar: (r, p) => {
    const panels = repeat(24, (i) => {
      const row = Math.floor(i / 8);
      const px = 140 + (i % 8) * 170 + row * 40;
      const py = 640 + row * 80;
      return `<polygon points="${pts([
        [px, py],
        [px + 140, py],
        [px + 120, py + 55],
        [px - 20, py + 55],
      ])}" fill="${p[4]}" stroke="${p[2]}" stroke-width="3"/>`;
    });
    return `<circle cx="1220" cy="${n(200 + r() * 60)}" r="120" fill="${p[2]}"/><circle cx="1220" cy="230" r="190" fill="${p[2]}" opacity="0.18"/>
<path d="M0 560 Q400 ${n(440 + r() * 60)} 800 540 T1600 520 V900 H0Z" fill="${p[3]}"/>${panels}`;
  },
  waves: (r, p) => {
    const layers = repeat(6, (i) => {
      const base = 430 + i * 80;
      const amp = 18 + r() * 22;
      const len = 160 + r() * 140;
      const phase = r() * 6.28;
      const line: [number, number][] = [];
      for (let x = 0; x <= W; x += 40) line.push([x, base + Math.sin(x / len + phase) * amp]);
      return `<polygon points="${pts([...line, [W, H], [0, H]])}" fill="${i % 2 ? p[3] : p[4]}" opacity="${n(0.55 + i * 0.08)}"/>`;
    });
    return `<circle cx="${n(300 + r() * 1000)}" cy="340" r="110" fill="${p[2]}" opacity="0.9"/>${layers}`;
  },
  mountains: (r, p) => {
    const ridge = (base: number, peakH: number, fill: string, snow: boolean): string => {
      const line: [number, number][] = [[0, base]];
      let x = 0;
      while (x < W) {
        x += 120 + r() * 160;
        line.push([x, base - peakH * (0.5 + r() * 0.5)], [x + 90 + r() * 80, base - r() * 60]);
        x = line[line.length - 1]?.[0] ?? W;
      }
      let caps = '';
      for (let i = 1; i + 1 < line.length && snow; i += 2) {
        const [a, b, c] = [line[i - 1], line[i], line[i + 1]];
        if (!a || !b || !c) continue;
        const at = (q: [number, number], t: number): [number, number] => [
          b[0] + (q[0] - b[0]) * t,
          b[1] + (q[1] - b[1]) * t,
        ];
        const [l, rr] = [at(a, 0.3), at(c, 0.3)];
        caps += `<polygon points="${pts([b, l, [b[0], (l[1] + rr[1]) / 2 - 10], rr])}" fill="#f7fbff"/>`;
      }
      return `<polygon points="${pts([...line, [W + 400, H], [0, H]])}" fill="${fill}"/>${caps}`;
    };
    return ridge(560, 380, p[4], true) + ridge(720, 260, p[3], false) + ridge(880, 160, p[2], false);
  },
  stadium: (r, p) => {
    const towers = repeat(4, (i) => {
      const tx = 180 + i * 413;
      return `<circle cx="${tx}" cy="160" r="90" fill="url(#glow)"/><rect x="${tx - 40}" y="140" width="80" height="36" rx="6" fill="${p[2]}"/>`;
    });
    const rows = repeat(
      7,
      (i) =>
        `<ellipse cx="800" cy="980" rx="${1100 - i * 90}" ry="${560 - i * 52}" fill="none" stroke="${i % 2 ? p[3] : p[4]}" stroke-width="34"/>`,
    );
    return `${towers}${rows}<ellipse cx="800" cy="980" rx="460" ry="200" fill="${p[3]}"/><ellipse cx="800" cy="960" rx="${n(90 + r() * 20)}" ry="40" fill="none" stroke="#ffffff" stroke-width="5" opacity="0.7"/>`;
  },
  molecule: (r, p) => {
    const atoms: [number, number, number][] = [];
    for (let i = 0; i < 6; i++) {
      const a = (Math.PI / 3) * i + 0.3;
      atoms.push([800 + Math.cos(a) * 170, 450 + Math.sin(a) * 170, 44]);
      if (r() < 0.7) atoms.push([800 + Math.cos(a) * 340, 450 + Math.sin(a) * 340, 26 + r() * 16]);
    }
    const ring = atoms.filter((a) => a[2] === 44);
    const bonds = atoms
      .map((a, i) => {
        const b = a[2] === 44 ? ring[(ring.indexOf(a) + 1) % ring.length] : atoms[i - 1];
        return b ? `<line x1="${n(a[0])}" y1="${n(a[1])}" x2="${n(b[0])}" y2="${n(b[1])}"/>` : '';
      })
      .join('');
    const dots = repeat(
      40,
      () =>
        `<circle cx="${n(r() * W)}" cy="${n(r() * H)}" r="${n(2 + r() * 5)}" fill="${p[2]}" opacity="0.35"/>`,
    );
    const balls = atoms
      .map(
        (a, i) =>
          `<circle cx="${n(a[0])}" cy="${n(a[1])}" r="${n(a[2])}" fill="${[p[2], p[3], p[4]][i % 3]}"/>`,
      )
      .join('');
    return `${dots}<g stroke="${p[2]}" stroke-width="12" stroke-linecap="round" opacity="0.8">${bonds}</g>${balls}`;
  },
  fields: (r, p) => {
    const cells = repeat(84, (i) => {
      const fill = [p[2], p[3], p[4], '#c9b458'][Math.floor(r() * 4)];
      return `<rect x="${(i % 12) * 200 - 1100}" y="${Math.floor(i / 12) * 120 - 60}" width="196" height="116" fill="${fill}"/>`;
    });
    return `<circle cx="1300" cy="150" r="80" fill="#fff6d5"/><g transform="translate(800 330) skewX(-25) scale(1 0.9)">${cells}</g>`;
  },
  arches: (r, p) => {
    const arch = repeat(6, (i) => {
      const x = 110 + i * 240;
      const top = 380 + r() * 20;
      return `<path d="M${x} 860 V${n(top + 80)} A80 80 0 0 1 ${x + 160} ${n(top + 80)} V860Z" fill="${p[4]}"/><rect x="${x + 168}" y="330" width="64" height="530" fill="${p[3]}" opacity="0.25"/>`;
    });
    return `<circle cx="${n(250 + r() * 1100)}" cy="140" r="70" fill="${p[2]}"/><rect x="0" y="300" width="${W}" height="600" fill="${p[3]}"/><rect x="0" y="300" width="${W}" height="28" fill="${p[2]}" opacity="0.6"/>${arch}`;
  },
  stage: (r, p) => {
    const beams = repeat(5, (i) => {
      const x = 200 + i * 300;
      const spread = 160 + r() * 120;
      return `<polygon points="${pts([
        [x, 0],
        [x + 30, 0],
        [x + spread, 760],
        [x - spread, 760],
      ])}" fill="${i % 2 ? p[2] : p[4]}" opacity="0.28"/>`;
    });
    const bokeh = repeat(
      30,
      () =>
        `<circle cx="${n(r() * W)}" cy="${n(r() * 600)}" r="${n(8 + r() * 30)}" fill="${r() < 0.5 ? p[2] : p[4]}" opacity="0.25"/>`,
    );
    return `${beams}${bokeh}<rect x="0" y="760" width="${W}" height="140" fill="${p[3]}"/><rect x="0" y="760" width="${W}" height="10" fill="${p[2]}"/>`;
  },
  stars: (r, p) => {
    const stars = repeat(
      160,
      () =>
        `<circle cx="${n(r() * W)}" cy="${n(r() * H)}" r="${n(0.8 + r() * 2.2)}" fill="#ffffff" opacity="${n(0.3 + r() * 0.7)}"/>`,
    );
    const cx = 1150 + r() * 200;
    return `${stars}<circle cx="${n(cx)}" cy="560" r="170" fill="${p[3]}"/><ellipse cx="${n(cx)}" cy="560" rx="290" ry="56" fill="none" stroke="${p[2]}" stroke-width="10" transform="rotate(-14 ${n(cx)} 560)"/>
<line x1="240" y1="170" x2="620" y2="330" stroke="${p[2]}" stroke-width="14" stroke-linecap="round" opacity="0.45"/><circle cx="240" cy="170" r="14" fill="#ffffff"/><rect x="0" y="820" width="${W}" height="80" fill="${p[4]}"/>`;
  },
  rails: (r, p) => {
    const sleepers = repeat(14, (i) => {
      const t = ((i + 1) / 14) ** 2;
      const y = 420 + 480 * t;
      return `<line x1="${n(785 - 900 * t)}" y1="${n(y)}" x2="${n(815 + 900 * t)}" y2="${n(y)}" stroke-width="${n(4 + 20 * t)}"/>`;
    });
    const city = repeat(
      18,
      (i) =>
        `<rect x="${i * 90}" y="${n(420 - 40 - r() * 140)}" width="80" height="300" fill="${p[4]}" opacity="0.5"/>`,
    );
    return `${city}<rect x="0" y="420" width="${W}" height="480" fill="${p[3]}"/><g stroke="${p[4]}">${sleepers}</g>
<g stroke="${p[2]}" stroke-width="12"><line x1="790" y1="420" x2="60" y2="900"/><line x1="810" y1="420" x2="1540" y2="900"/></g>`;
  },
  chart: (r, p) => {
    const grid = repeat(6, (i) => `<line x1="120" y1="${150 + i * 120}" x2="1480" y2="${150 + i * 120}"/>`);
    const heights = Array.from({ length: 10 }, (_, i) => 120 + i * 38 + r() * 120);
    const bars = heights
      .map(
        (h, i) =>
          `<rect x="${160 + i * 132}" y="${n(750 - h)}" width="90" height="${n(h)}" rx="6" fill="${i % 2 ? p[3] : p[4]}"/>`,
      )
      .join('');
    const line = pts(heights.map((h, i): [number, number] => [205 + i * 132, 720 - h * 1.15]));
    return `<g stroke="${p[2]}" stroke-width="2" opacity="0.3">${grid}</g>${bars}<polyline points="${line}" fill="none" stroke="${p[2]}" stroke-width="10" stroke-linejoin="round"/>`;
  },
};

const styles: Record<string, { motif: keyof typeof motifs; palette: Palette }> = {
  'city-rain': { motif: 'skylineRain', palette: ['#27384a', '#6b8196', '#b9d4ea', '#18232e', '#2e4256'] },
  'solar-farm': { motif: 'solar', palette: ['#f6b26b', '#fde3b0', '#fff3c4', '#d9a066', '#1f3b63'] },
  'harbour-waves': { motif: 'waves', palette: ['#ffb199', '#ffe1c7', '#fff0d9', '#1f5f8b', '#3a8fb7'] },
  'mountain-snow': { motif: 'mountains', palette: ['#9cc3e6', '#e8f1f8', '#2f4f3a', '#5b7a8f', '#8da4b8'] },
  'stadium-lights': { motif: 'stadium', palette: ['#0b1630', '#243b6b', '#f4f1c9', '#2e8b57', '#1b2a4a'] },
  'lab-molecule': { motif: 'molecule', palette: ['#0f3b3f', '#1e6f73', '#9ff0e5', '#f28f6b', '#ffd36e'] },
  'wheat-fields': { motif: 'fields', palette: ['#a8d8f0', '#eaf6fb', '#8fb85b', '#d9c06a', '#6e9a44'] },
  'old-city-arches': { motif: 'arches', palette: ['#f3c98b', '#fbe7c6', '#c8553d', '#d8b384', '#5a3d2b'] },
  'concert-stage': { motif: 'stage', palette: ['#1a0b2e', '#3c1361', '#ff6fb5', '#120822', '#5ee7ff'] },
  'night-sky': { motif: 'stars', palette: ['#050a1f', '#1b2550', '#ffd27a', '#c0703f', '#0c0f1c'] },
  'metro-line': { motif: 'rails', palette: ['#ffcf9f', '#f7efe5', '#5c6770', '#8c8478', '#3d4650'] },
  'market-chart': { motif: 'chart', palette: ['#0e2a47', '#1d4e7a', '#ffc857', '#4fb0c6', '#2f7fa3'] },
};

/** A self-contained SVG illustrating the demo image `key` (neutral gradient for unknown keys). */
export function demoImageSvg(key: string, width = 1600, height = 900): string {
  const size = (v: number, d: number): number => (Number.isFinite(v) && v > 0 ? Math.round(v) : d);
  const style = Object.hasOwn(styles, key) ? styles[key] : undefined;
  const palette: Palette = style?.palette ?? ['#dfe3e8', '#9aa6b2', '#ffffff', '#c3cad2', '#b0b9c3'];
  const draw = style ? motifs[style.motif] : undefined;
  const art = draw ? draw(seeded(key), palette) : '';
  const defs =
    `<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette[0]}"/><stop offset="1" stop-color="${palette[1]}"/></linearGradient>` +
    `<radialGradient id="glow"><stop offset="0" stop-color="${palette[2]}" stop-opacity="0.9"/><stop offset="1" stop-color="${palette[2]}" stop-opacity="0"/></radialGradient>` +
    `<pattern id="win" width="28" height="34" patternUnits="userSpaceOnUse"><rect width="14" height="18" fill="${palette[2]}"/></pattern>`;
  // Prefix ids with the key so several inline SVGs can share a page.
  const id = `sahifa-${key.replace(/[^A-Za-z0-9-]/g, '') || 'img'}`;
  const inner = `<defs>${defs}</defs><rect width="${W}" height="${H}" fill="url(#bg)"/>${art}`
    .replaceAll('id="', `id="${id}-`)
    .replaceAll('url(#', `url(#${id}-`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size(width, 1600)}" height="${size(height, 900)}" viewBox="0 0 ${W} ${H}" preserveAspectRatio="xMidYMid slice">` +
    `${inner}</svg>`
  );
}

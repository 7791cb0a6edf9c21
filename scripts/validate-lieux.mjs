// Validates a file of lieux de médiation numérique (schema v1.0.2, CSV or
// JSON records) with the national library @gouvfr-anct/lieux-de-mediation-numerique:
// every row goes through fromSchemaLieuDeMediationNumerique, which throws on
// any value the national cartography would refuse.
//
//   node scripts/validate-lieux.mjs export.csv
//   node scripts/validate-lieux.mjs export.json
//
// Exit status: 0 when every row passes, 1 when a row fails (the errors are
// listed), 2 when the file cannot be read.
import { readFileSync } from 'node:fs';
import lib from '@gouvfr-anct/lieux-de-mediation-numerique';

const { fromSchemaLieuDeMediationNumerique } = lib;

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/validate-lieux.mjs FICHIER.csv|FICHIER.json');
  process.exit(2);
}

// parseCSV reads RFC 4180 CSV: "," between fields, quotes around fields
// holding commas, quotes or line breaks, "" for a quote.
function parseCSV(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// records turns the file into schema records: empty cells are absent, as in
// the library's own JSON, and coordinates are numbers.
function records(text) {
  if (file.endsWith('.json')) {
    return JSON.parse(text);
  }
  const [header, ...rows] = parseCSV(text.replace(/^\uFEFF/, ''));
  return rows.map((cells) => {
    const rec = {};
    header.forEach((name, i) => {
      const v = cells[i];
      if (v === undefined || v === '') return;
      rec[name] = name === 'latitude' || name === 'longitude' ? Number(v) : v;
    });
    return rec;
  });
}

let recs;
try {
  recs = records(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`${file} : illisible (${e.message})`);
  process.exit(2);
}
if (!Array.isArray(recs)) {
  console.error(`${file} : une liste de lieux est attendue`);
  process.exit(2);
}

const errors = [];
recs.forEach((rec, i) => {
  try {
    fromSchemaLieuDeMediationNumerique(rec);
  } catch (e) {
    errors.push(`ligne ${i + 1} (id ${rec.id}) : ${e.constructor.name} ${e.message}`);
  }
});

console.log(`${recs.length} lieux lus, ${errors.length} refusés par @gouvfr-anct/lieux-de-mediation-numerique`);
for (const e of errors.slice(0, 50)) console.log(e);
if (errors.length > 50) console.log(`… et ${errors.length - 50} autres`);
process.exit(errors.length > 0 ? 1 : 0);

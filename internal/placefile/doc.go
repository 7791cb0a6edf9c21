// Package placefile reads and writes files of lieux de médiation numérique:
// import of schema v1 (CSV, JSON) and v0.1 files (format detected, old
// vocabulary converted with the mapping of ../shared/data/README.md), export
// as schema v1.0.2 CSV or JSON records and as data·inclusion v1 structures
// and services, and a validator that reads the official TableSchema file.
//
// Rules of an import:
//
//   - A row is rejected only when it cannot make a valid place (no id, no
//     name, no address, no commune, a postal code that is not 5 digits, no
//     readable date_maj, an id already used in the file for the same source,
//     or a place of another owner); the report lists every error of the row.
//   - Anything else unusable is set aside in place.Unknown and reported as a
//     warning, never dropped in silence: enumeration values outside the
//     schema, a phone that is not one French number (the first usable number
//     is kept), invalid e-mails and web addresses, a pivot that is neither a
//     SIRET nor an RNA number (the pivot becomes 00000000000000, the data's
//     "unknown"), unknown INSEE codes.
//   - Values are brought into the forms the national library
//     @gouvfr-anct/lieux-de-mediation-numerique checks (stricter than the
//     schema for addresses, commune names, phones and some URLs), so that
//     every export passes it.
//   - Missing coordinates come from the commune centre (CoordsFrom =
//     commune), found by INSEE code, else postal code and name (CEDEX codes
//     by name within the département).
//   - Hours: valid OpenStreetMap hours are normalised; French text is
//     converted when unambiguous, otherwise kept in HoursText for review.
//   - The upsert key is (source, id): source is the row's "source" column
//     (the schema's collector), else Options.DefaultSource. A row updates
//     only a place owned by the import's structure (or, for national data,
//     by no structure). The whole file is one transaction.
//   - The file is read as it goes, never held whole (ImportFile): rows are
//     converted in the background while those before are checked, and new
//     places are inserted a few hundred a statement. What the import keeps
//     of each row (its key, what finds duplicates, the report) is about
//     600 bytes.
package placefile

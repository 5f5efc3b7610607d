// A loadable SQLite extension for `midline recover`: the `sqlite_dbpage` table (one row per
// page of a database: pgno, data), read-only, which SQLite's own recovery (the sqlite3 shell's
// .recover) reads pages through. Debian's libsqlite3 is built without it, so .recover fails
// there with "SQL logic error". It only hands over pages, read through SQLite's own handle of
// the open file; every decision about what a page holds is .recover's.
//
//   sqlite3 -readonly DAMAGED.db -cmd ".load midline_page_table" .recover

#include <sqlite3ext.h>

#include <cstring>
#include <vector>

SQLITE_EXTENSION_INIT1

namespace {

struct PageTable {
  sqlite3_vtab base{};
  sqlite3* db = nullptr;
};

struct PageCursor {
  sqlite3_vtab_cursor base{};
  sqlite3_file* file = nullptr;
  sqlite3_int64 page = 1, last = 0;
  int page_size = 4096;
  std::vector<unsigned char> data;
};

enum Column { kPgno = 0, kData = 1, kSchema = 2 };
constexpr int kHasSchema = 1, kHasPgno = 2;

int connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  const int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(pgno INTEGER, data BLOB, schema HIDDEN)");
  if (rc != SQLITE_OK) return rc;
  auto* table = new PageTable;
  table->db = db;
  *out = &table->base;
  return SQLITE_OK;
}

int disconnect(sqlite3_vtab* vtab) {
  delete reinterpret_cast<PageTable*>(vtab);
  return SQLITE_OK;
}

int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  int plan = 0, argument = 0;
  for (int pass = 0; pass < 2; ++pass) {  // schema first, then pgno: the order xFilter reads
    const int column = pass == 0 ? kSchema : kPgno;
    for (int i = 0; i < info->nConstraint; ++i) {
      const auto& c = info->aConstraint[i];
      if (!c.usable || c.iColumn != column || c.op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
      info->aConstraintUsage[i].argvIndex = ++argument;
      info->aConstraintUsage[i].omit = 1;
      plan |= pass == 0 ? kHasSchema : kHasPgno;
      break;
    }
  }
  info->idxNum = plan;
  info->estimatedCost = (plan & kHasPgno) ? 1.0 : 1e6;
  if (plan & kHasPgno) info->idxFlags = SQLITE_INDEX_SCAN_UNIQUE;
  return SQLITE_OK;
}

int open_cursor(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  *out = &(new PageCursor)->base;
  return SQLITE_OK;
}

int close_cursor(sqlite3_vtab_cursor* cursor) {
  delete reinterpret_cast<PageCursor*>(cursor);
  return SQLITE_OK;
}

int read_page(PageCursor* c) {
  c->data.assign(static_cast<size_t>(c->page_size), 0);
  const int rc =
      c->file->pMethods->xRead(c->file, c->data.data(), c->page_size, (c->page - 1) * c->page_size);
  return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;  // the tail reads as zeros
}

int filter(sqlite3_vtab_cursor* cursor, int plan, const char*, int argc, sqlite3_value** argv) {
  auto* c = reinterpret_cast<PageCursor*>(cursor);
  sqlite3* db = reinterpret_cast<PageTable*>(cursor->pVtab)->db;
  int next = 0;
  const char* schema = "main";
  if ((plan & kHasSchema) && next < argc) {
    const auto* text = sqlite3_value_text(argv[next++]);
    if (text) schema = reinterpret_cast<const char*>(text);
  }
  c->file = nullptr;
  if (sqlite3_file_control(db, schema, SQLITE_FCNTL_FILE_POINTER, &c->file) != SQLITE_OK ||
      !c->file || !c->file->pMethods) {
    cursor->pVtab->zErrMsg = sqlite3_mprintf("no database named %s", schema);
    return SQLITE_ERROR;
  }
  // The page size from the file's header (bytes 16-17; 1 stands for 65536), else SQLite's.
  unsigned char header[100] = {};
  c->file->pMethods->xRead(c->file, header, sizeof header, 0);
  int size = (header[16] << 8) | header[17];
  if (size == 1) size = 65536;
  if (size < 512 || size > 65536 || (size & (size - 1)) != 0) size = 4096;
  c->page_size = size;
  sqlite3_int64 bytes = 0;
  if (c->file->pMethods->xFileSize(c->file, &bytes) != SQLITE_OK) bytes = 0;
  const sqlite3_int64 pages = (bytes + size - 1) / size;
  c->page = 1;
  c->last = pages;
  if ((plan & kHasPgno) && next < argc) {
    const sqlite3_int64 wanted = sqlite3_value_int64(argv[next]);
    c->page = wanted;
    c->last = (wanted >= 1 && wanted <= pages) ? wanted : 0;
  }
  return c->page <= c->last ? read_page(c) : SQLITE_OK;
}

int next_row(sqlite3_vtab_cursor* cursor) {
  auto* c = reinterpret_cast<PageCursor*>(cursor);
  ++c->page;
  return c->page <= c->last ? read_page(c) : SQLITE_OK;
}

int at_end(sqlite3_vtab_cursor* cursor) {
  const auto* c = reinterpret_cast<PageCursor*>(cursor);
  return c->page > c->last || c->page < 1;
}

int column(sqlite3_vtab_cursor* cursor, sqlite3_context* context, int i) {
  auto* c = reinterpret_cast<PageCursor*>(cursor);
  if (i == kPgno)
    sqlite3_result_int64(context, c->page);
  else if (i == kData)
    sqlite3_result_blob(context, c->data.data(), static_cast<int>(c->data.size()),
                        SQLITE_TRANSIENT);
  else
    sqlite3_result_text(context, "main", -1, SQLITE_STATIC);
  return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* cursor, sqlite3_int64* out) {
  *out = reinterpret_cast<PageCursor*>(cursor)->page;
  return SQLITE_OK;
}

sqlite3_module page_table_module() {
  sqlite3_module m;
  std::memset(&m, 0, sizeof m);
  m.iVersion = 1;
  m.xConnect = connect;  // eponymous only: no xCreate
  m.xBestIndex = best_index;
  m.xDisconnect = disconnect;
  m.xOpen = open_cursor;
  m.xClose = close_cursor;
  m.xFilter = filter;
  m.xNext = next_row;
  m.xEof = at_end;
  m.xColumn = column;
  m.xRowid = rowid;
  return m;
}

}  // namespace

extern "C" int sqlite3_midlinepagetable_init(sqlite3* db, char**, const sqlite3_api_routines* api) {
  SQLITE_EXTENSION_INIT2(api);
  static const sqlite3_module module = page_table_module();
  return sqlite3_create_module(db, "sqlite_dbpage", &module, nullptr);
}

#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements, transactions.
// Every query goes through a prepared statement with bound values; nothing is spliced into SQL.
// Errors throw StorageError, whose message names the database file.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace midline::storage {

class StorageError : public std::runtime_error {
 public:
  StorageError(const std::string& message, int sqlite_code = SQLITE_ERROR)
      : std::runtime_error(message), code_(sqlite_code) {}
  int sqlite_code() const { return code_; }
  // True when SQLite says the file is not a database or is damaged.
  bool is_corruption() const {
    const int primary = code_ & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
  }

 private:
  int code_;
};

class Database;

class Statement {
 public:
  Statement(Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;

  // Parameters are numbered from 1, as in SQL's ?1, ?2, ...
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Advances to the next row: true when a row is ready to read, false when done.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();  // ready to run again; bound values are kept

  bool is_null(int column) const;
  int64_t column_int(int column) const;
  double column_double(int column) const;
  std::string column_text(int column) const;
  std::optional<int64_t> column_optional_int(int column) const;
  std::optional<double> column_optional_double(int column) const;

 private:
  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Access {
    read_only,  // never writes the file (SQLite may add its -wal/-shm beside it when missing)
    read_only_unchanging,  // a file nobody writes (a copy): no -wal/-shm needed, no locks
    create,                // read and write, creating the file when missing
    in_memory,             // an empty database in memory; `file` only names it in messages
  };
  // Opens the database file. Throws StorageError naming the file.
  Database(const std::filesystem::path& file, Access access);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs SQL without parameters (schema, pragmas). Never used with values from outside.
  void execute(std::string_view sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  const std::filesystem::path& file() const { return file_; }
  sqlite3* handle() { return db_; }

  // The rows of a check pragma (quick_check, integrity_check): empty when the file is sound,
  // else SQLite's description of the damage (the first few problems). Throws StorageError.
  std::string damage(std::string_view pragma);

  // Throws StorageError for `code`, naming the file, what was being done and SQLite's words.
  [[noreturn]] void fail(int code, std::string_view doing) const;

 private:
  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db, bool immediate = true);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace midline::storage

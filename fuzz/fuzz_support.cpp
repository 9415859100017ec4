#include "fuzz/fuzz_support.h"

#include <cxxabi.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <typeinfo>

namespace kirchhoff::fuzz {
namespace fs = std::filesystem;

namespace {

std::string make_scratch_dir() {
  std::string base = "/dev/shm";
  std::error_code ec;
  if (!fs::is_directory(base, ec)) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string templ = base + "/kirchhoff-fuzz-XXXXXX";
  if (!mkdtemp(templ.data())) {
    std::perror(("kirchhoff fuzz: mkdtemp " + templ).c_str());
    std::abort();
  }
  return templ;
}

void remove_scratch_dir() {
  std::error_code ec;
  fs::remove_all(scratch_dir(), ec);
}

void write_or_abort(const std::string& path, const char* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
  if (!out) {
    std::cerr << "kirchhoff fuzz: cannot write " << path << "\n";
    std::abort();
  }
}

}  // namespace

const std::string& scratch_dir() {
  // Never destroyed: the atexit handler that removes the directory runs after static
  // destructors of objects constructed before it was registered.
  static const std::string* dir = [] {
    auto* d = new std::string(make_scratch_dir());
    std::atexit(remove_scratch_dir);
    return d;
  }();
  return *dir;
}

std::string write_scratch(const std::string& name, const std::uint8_t* data, std::size_t size) {
  const std::string path = scratch_dir() + "/" + name;
  write_or_abort(path, reinterpret_cast<const char*>(data), size);
  return path;
}

std::string write_scratch(const std::string& name, const std::string& text) {
  const std::string path = scratch_dir() + "/" + name;
  write_or_abort(path, text.data(), text.size());
  return path;
}

void copy_to_scratch(const std::string& source, const std::string& name) {
  std::error_code ec;
  fs::copy_file(source, scratch_dir() + "/" + name, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::cerr << "kirchhoff fuzz: cannot copy " << source << ": " << ec.message() << "\n";
    std::abort();
  }
}

void fuzz_finding(const char* harness, const char* stage, const std::string& what) {
  std::cerr << "\n==kirchhoff-fuzz== FINDING in " << harness << " (" << stage << "): " << what
            << "\n";
  std::abort();
}

void fuzz_unexpected(const char* harness, const char* stage) {
  std::string type = "unknown (not a std::exception)";
  std::string what;
  try {
    throw;
  } catch (const std::exception& e) {
    type = typeid(e).name();
    what = e.what();
  } catch (...) {
  }
  int status = 0;
  if (char* demangled = abi::__cxa_demangle(type.c_str(), nullptr, nullptr, &status)) {
    if (status == 0) type = demangled;
    std::free(demangled);
  }
  fuzz_finding(harness, stage,
               "exception " + type + " is not one of the project's input errors: " + what);
}

}  // namespace kirchhoff::fuzz

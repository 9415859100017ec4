#include "workloads/npy.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include "workloads/checked_size.h"
#include "workloads/workload_error.h"

namespace kirchhoff {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLen = 6;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw WorkloadError(path + ": " + what);
}

bool host_is_little_endian() {
  const std::uint16_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

// Value of 'key' in the header dict, as the raw text up to the next top-level comma or brace.
std::string dict_value(const std::string& header, const std::string& key, const std::string& path) {
  const std::string k = "'" + key + "'";
  auto pos = header.find(k);
  if (pos == std::string::npos) fail(path, "npy header has no " + k + " entry: " + header);
  pos = header.find(':', pos + k.size());
  if (pos == std::string::npos) fail(path, "malformed npy header: " + header);
  ++pos;
  while (pos < header.size() && header[pos] == ' ') ++pos;
  std::size_t end = pos;
  if (pos < header.size() && header[pos] == '(') {
    end = header.find(')', pos);
    if (end == std::string::npos) fail(path, "malformed npy header: " + header);
    return header.substr(pos, end - pos + 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  std::string v = header.substr(pos, end - pos);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

Shape parse_shape(const std::string& tuple, const std::string& path) {
  Shape s;
  std::size_t i = 1;  // after '('
  while (i < tuple.size()) {
    while (i < tuple.size() && (tuple[i] == ' ' || tuple[i] == ',')) ++i;
    if (i >= tuple.size() || tuple[i] == ')') break;
    std::size_t j = i;
    std::int64_t dim = 0;
    while (j < tuple.size() && tuple[j] >= '0' && tuple[j] <= '9') {
      if (dim > (std::numeric_limits<std::int64_t>::max() - (tuple[j] - '0')) / 10) {
        fail(path, "npy shape " + tuple + ": dimension " + tuple.substr(i, j + 1 - i) +
                       "... does not fit in 64 bits; allowed: at most 2^63 - 1");
      }
      dim = dim * 10 + (tuple[j] - '0');
      ++j;
    }
    if (j == i) fail(path, "malformed npy shape " + tuple);
    s.push_back(dim);
    i = j;
  }
  return s;
}

}  // namespace

std::string npy_preamble(const Shape& shape, const char* descr) {
  std::string dims = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) dims += std::to_string(shape[i]) + ", ";
  if (shape.size() > 1) dims.resize(dims.size() - 2);
  if (shape.size() == 1) dims.resize(dims.size() - 1);
  dims += ")";
  std::string header =
      std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary; end with a newline.
  const bool v2 = header.size() + 1 + kMagicLen + 4 > 65535;
  const std::size_t prefix = kMagicLen + 2 + (v2 ? 4 : 2);
  const std::size_t total = (prefix + header.size() + 1 + 63) / 64 * 64;
  header.append(total - prefix - header.size() - 1, ' ');
  header += '\n';
  std::string out(kMagic, kMagicLen);
  out.push_back(static_cast<char>(v2 ? 2 : 1));
  out.push_back(0);
  const std::uint32_t len = static_cast<std::uint32_t>(header.size());
  for (int b = 0; b < (v2 ? 4 : 2); ++b) out.push_back(static_cast<char>((len >> (8 * b)) & 0xff));
  return out + header;
}

namespace {

template <class T>
void write_any(const std::string& path, const Shape& shape, const std::vector<T>& data,
               const char* descr) {
  if (numel(shape) != static_cast<std::int64_t>(data.size())) {
    fail(path,
         "cannot write " + std::to_string(data.size()) + " values as shape " + shape_str(shape));
  }
  const std::string preamble = npy_preamble(shape, descr);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(path, "cannot open for writing");
    out.write(preamble.data(), static_cast<std::streamsize>(preamble.size()));
    if (!host_is_little_endian()) fail(path, "writing .npy needs a little-endian host");
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size() * sizeof(T)));
    if (!out) {
      std::remove(tmp.c_str());
      fail(path, "write failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    fail(path, "cannot rename the temporary file into place");
  }
}

}  // namespace

const char* to_string(NpyArray::Dtype d) {
  switch (d) {
    case NpyArray::Dtype::kFloat32:
      return "float32";
    case NpyArray::Dtype::kUint8:
      return "uint8";
    case NpyArray::Dtype::kFloat64:
      return "float64";
    case NpyArray::Dtype::kFloat16:
      return "float16";
    case NpyArray::Dtype::kInt8:
      return "int8";
    case NpyArray::Dtype::kInt16:
      return "int16";
    case NpyArray::Dtype::kInt32:
      return "int32";
    case NpyArray::Dtype::kInt64:
      return "int64";
    case NpyArray::Dtype::kUint16:
      return "uint16";
    case NpyArray::Dtype::kUint32:
      return "uint32";
    case NpyArray::Dtype::kUint64:
      return "uint64";
  }
  return "?";
}

std::size_t NpyArray::item_bytes() const {
  switch (dtype) {
    case Dtype::kUint8:
    case Dtype::kInt8:
      return 1;
    case Dtype::kFloat16:
    case Dtype::kInt16:
    case Dtype::kUint16:
      return 2;
    case Dtype::kFloat32:
    case Dtype::kInt32:
    case Dtype::kUint32:
      return 4;
    case Dtype::kFloat64:
    case Dtype::kInt64:
    case Dtype::kUint64:
      return 8;
  }
  return 1;
}

double NpyArray::value(std::size_t i) const {
  switch (dtype) {
    case Dtype::kFloat32:
      return f32.at(i);
    case Dtype::kUint8:
      return u8.at(i);
    case Dtype::kFloat64:
    case Dtype::kFloat16:
      return f64.at(i);
    default:
      return static_cast<double>(i64.at(i));
  }
}

namespace {

struct DtypeName {
  const char* descr;
  NpyArray::Dtype dtype;
};

// Accepted descriptors: little-endian ('<') or not applicable ('|'); one-byte types in any order.
constexpr DtypeName kDtypes[] = {
    {"<f4", NpyArray::Dtype::kFloat32}, {"<f8", NpyArray::Dtype::kFloat64},
    {"<f2", NpyArray::Dtype::kFloat16}, {"|u1", NpyArray::Dtype::kUint8},
    {"<u1", NpyArray::Dtype::kUint8},   {">u1", NpyArray::Dtype::kUint8},
    {"|i1", NpyArray::Dtype::kInt8},    {"<i1", NpyArray::Dtype::kInt8},
    {">i1", NpyArray::Dtype::kInt8},    {"<i2", NpyArray::Dtype::kInt16},
    {"<i4", NpyArray::Dtype::kInt32},   {"<i8", NpyArray::Dtype::kInt64},
    {"<u2", NpyArray::Dtype::kUint16},  {"<u4", NpyArray::Dtype::kUint32},
    {"<u8", NpyArray::Dtype::kUint64},
};

// IEEE 754 binary16 to double (exact).
double half_to_double(std::uint16_t h) {
  const int sign = (h >> 15) & 1;
  const int exp = (h >> 10) & 0x1f;
  const int frac = h & 0x3ff;
  double v;
  if (exp == 0) {
    v = std::ldexp(frac, -24);  // subnormal
  } else if (exp == 31) {
    v = frac == 0 ? std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::quiet_NaN();
  } else {
    v = std::ldexp(frac + 1024, exp - 25);
  }
  return sign ? -v : v;
}

template <class T>
T load_le(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);  // the host is little-endian (checked)
  return v;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "is a directory; expected a .npy file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open .npy file");
  // One read of the whole file (a stream iterator would copy it byte by byte).
  in.seekg(0, std::ios::end);
  const std::streamoff file_size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (file_size < 0) fail(path, "cannot read .npy file (not a regular file)");
  std::string bytes(static_cast<std::size_t>(file_size), '\0');
  if (!bytes.empty() && !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    fail(path, "cannot read .npy file");
  }
  return read_npy_bytes(bytes, path);
}

NpyArray read_npy_bytes(const std::string& bytes, const std::string& path) {
  if (bytes.size() < kMagicLen + 4 || bytes.compare(0, kMagicLen, kMagic, kMagicLen) != 0) {
    fail(path, "not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = static_cast<unsigned char>(bytes[kMagicLen]);
  if (major < 1 || major > 3) {
    fail(path,
         "unsupported .npy format version " + std::to_string(major) + " (supported: 1, 2 and 3)");
  }
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  std::size_t header_len = 0;
  if (bytes.size() < kMagicLen + 2 + len_bytes) fail(path, "truncated .npy header");
  for (std::size_t i = 0; i < len_bytes; ++i) {
    header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[kMagicLen + 2 + i]))
                  << (8 * i);
  }
  const std::size_t data_begin = kMagicLen + 2 + len_bytes + header_len;
  if (bytes.size() < data_begin) {
    fail(path, "truncated .npy header: it declares " + std::to_string(header_len) +
                   " header bytes, the file has " + std::to_string(bytes.size()) + " bytes");
  }
  const std::string header = bytes.substr(kMagicLen + 2 + len_bytes, header_len);

  NpyArray a;
  a.data_offset = data_begin;
  const std::string descr = dict_value(header, "descr", path);
  bool known = false;
  for (const DtypeName& d : kDtypes) {
    if (descr == std::string("'") + d.descr + "'") {
      a.dtype = d.dtype;
      known = true;
    }
  }
  if (!known) {
    fail(path, "unsupported dtype " + descr +
                   " (supported, little-endian: float32 '<f4', float64 '<f8', float16 '<f2', "
                   "int8 '|i1', int16 '<i2', int32 '<i4', int64 '<i8', uint8 '|u1', uint16 "
                   "'<u2', uint32 '<u4', uint64 '<u8')");
  }
  const std::string fortran = dict_value(header, "fortran_order", path);
  if (fortran != "False") fail(path, "Fortran-order arrays are not supported (save in C order)");
  const std::string shape = dict_value(header, "shape", path);
  if (shape.empty() || shape.front() != '(') fail(path, "malformed npy shape " + shape);
  a.shape = parse_shape(shape, path);

  const std::int64_t count = checked_numel(a.shape, path + ": npy shape " + shape);
  const std::int64_t want_bytes =
      checked_mul(count, static_cast<std::int64_t>(a.item_bytes()), path + ": npy shape " + shape);
  const std::size_t want = static_cast<std::size_t>(want_bytes);
  if (bytes.size() - data_begin < want) {
    fail(path, "truncated .npy file: shape " + shape_str(a.shape) + " needs " +
                   std::to_string(want) + " data bytes from byte offset " +
                   std::to_string(data_begin) + ", the file has " +
                   std::to_string(bytes.size() - data_begin));
  }
  if (a.item_bytes() > 1 && !host_is_little_endian()) {
    fail(path, "reading .npy needs a little-endian host");
  }
  const auto n = static_cast<std::size_t>(count);
  const char* p = bytes.data() + data_begin;
  switch (a.dtype) {
    case NpyArray::Dtype::kFloat32:
      a.f32.resize(n);
      if (n > 0) std::memcpy(a.f32.data(), p, want);
      break;
    case NpyArray::Dtype::kUint8:
      a.u8.assign(p, p + want);
      break;
    case NpyArray::Dtype::kFloat64:
      a.f64.resize(n);
      if (n > 0) std::memcpy(a.f64.data(), p, want);
      break;
    case NpyArray::Dtype::kFloat16:
      a.f64.resize(n);
      for (std::size_t i = 0; i < n; ++i)
        a.f64[i] = half_to_double(load_le<std::uint16_t>(p + 2 * i));
      break;
    case NpyArray::Dtype::kInt8:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) a.i64[i] = load_le<std::int8_t>(p + i);
      break;
    case NpyArray::Dtype::kInt16:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) a.i64[i] = load_le<std::int16_t>(p + 2 * i);
      break;
    case NpyArray::Dtype::kInt32:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) a.i64[i] = load_le<std::int32_t>(p + 4 * i);
      break;
    case NpyArray::Dtype::kInt64:
      a.i64.resize(n);
      if (n > 0) std::memcpy(a.i64.data(), p, want);
      break;
    case NpyArray::Dtype::kUint16:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) a.i64[i] = load_le<std::uint16_t>(p + 2 * i);
      break;
    case NpyArray::Dtype::kUint32:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) a.i64[i] = load_le<std::uint32_t>(p + 4 * i);
      break;
    case NpyArray::Dtype::kUint64:
      a.i64.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        const auto v = load_le<std::uint64_t>(p + 8 * i);
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          fail(path, "uint64 element " + std::to_string(i) + " at byte offset " +
                         std::to_string(a.byte_offset(i)) + " is " + std::to_string(v) +
                         "; allowed: at most 2^63 - 1");
        }
        a.i64[i] = static_cast<std::int64_t>(v);
      }
      break;
  }
  return a;
}

std::vector<float> read_npy_f32(const std::string& path, const Shape* expected_shape,
                                Shape* shape_out) {
  NpyArray a = read_npy(path);
  if (a.dtype != NpyArray::Dtype::kFloat32) {
    fail(path, std::string("dtype is ") + to_string(a.dtype) + ", expected float32");
  }
  if (expected_shape && a.shape != *expected_shape) {
    fail(path, "shape " + shape_str(a.shape) + ", expected " + shape_str(*expected_shape));
  }
  if (shape_out) *shape_out = a.shape;
  return std::move(a.f32);
}

void write_npy(const std::string& path, const Shape& shape, const std::vector<float>& data) {
  write_any(path, shape, data, "<f4");
}

void write_npy(const std::string& path, const Shape& shape, const std::vector<std::uint8_t>& data) {
  write_any(path, shape, data, "|u1");
}

}  // namespace kirchhoff

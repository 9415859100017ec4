#include "workloads/npy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

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
    while (j < tuple.size() && tuple[j] >= '0' && tuple[j] <= '9') ++j;
    if (j == i) fail(path, "malformed npy shape " + tuple);
    s.push_back(std::stoll(tuple.substr(i, j - i)));
    i = j;
  }
  return s;
}

template <class T>
void write_any(const std::string& path, const Shape& shape, const std::vector<T>& data,
               const char* descr) {
  if (numel(shape) != static_cast<std::int64_t>(data.size())) {
    fail(path,
         "cannot write " + std::to_string(data.size()) + " values as shape " + shape_str(shape));
  }
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
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) fail(path, "cannot open for writing");
    out.write(kMagic, kMagicLen);
    const char version[2] = {static_cast<char>(v2 ? 2 : 1), 0};
    out.write(version, 2);
    const std::uint32_t len = static_cast<std::uint32_t>(header.size());
    const unsigned char len_le[4] = {static_cast<unsigned char>(len & 0xff),
                                     static_cast<unsigned char>((len >> 8) & 0xff),
                                     static_cast<unsigned char>((len >> 16) & 0xff),
                                     static_cast<unsigned char>((len >> 24) & 0xff)};
    out.write(reinterpret_cast<const char*>(len_le), v2 ? 4 : 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
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

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open .npy file");
  // One read of the whole file (a stream iterator would copy it byte by byte).
  in.seekg(0, std::ios::end);
  const std::streamoff file_size = in.tellg();
  in.seekg(0, std::ios::beg);
  std::string bytes(file_size > 0 ? static_cast<std::size_t>(file_size) : 0, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    fail(path, "cannot read .npy file");
  }
  if (bytes.size() < kMagicLen + 4 || bytes.compare(0, kMagicLen, kMagic, kMagicLen) != 0) {
    fail(path, "not a .npy file (no \\x93NUMPY magic)");
  }
  const int major = static_cast<unsigned char>(bytes[kMagicLen]);
  if (major != 1 && major != 2) {
    fail(path,
         "unsupported .npy format version " + std::to_string(major) + " (supported: 1 and 2)");
  }
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  std::size_t header_len = 0;
  if (bytes.size() < kMagicLen + 2 + len_bytes) fail(path, "truncated .npy header");
  for (std::size_t i = 0; i < len_bytes; ++i) {
    header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[kMagicLen + 2 + i]))
                  << (8 * i);
  }
  const std::size_t data_begin = kMagicLen + 2 + len_bytes + header_len;
  if (bytes.size() < data_begin) fail(path, "truncated .npy header");
  const std::string header = bytes.substr(kMagicLen + 2 + len_bytes, header_len);

  NpyArray a;
  const std::string descr = dict_value(header, "descr", path);
  if (descr == "'<f4'") {
    a.dtype = NpyArray::Dtype::kFloat32;
  } else if (descr == "'|u1'" || descr == "'<u1'" || descr == "'>u1'") {
    a.dtype = NpyArray::Dtype::kUint8;
  } else {
    fail(path, "unsupported dtype " + descr + " (supported: '<f4' float32, '|u1' uint8)");
  }
  const std::string fortran = dict_value(header, "fortran_order", path);
  if (fortran != "False") fail(path, "Fortran-order arrays are not supported (save in C order)");
  const std::string shape = dict_value(header, "shape", path);
  if (shape.empty() || shape.front() != '(') fail(path, "malformed npy shape " + shape);
  a.shape = parse_shape(shape, path);

  const std::size_t elem = a.dtype == NpyArray::Dtype::kFloat32 ? 4 : 1;
  const std::size_t want = static_cast<std::size_t>(a.size()) * elem;
  if (bytes.size() - data_begin < want) {
    fail(path, "truncated .npy file: shape " + shape_str(a.shape) + " needs " +
                   std::to_string(want) + " data bytes, the file has " +
                   std::to_string(bytes.size() - data_begin));
  }
  if (a.dtype == NpyArray::Dtype::kFloat32) {
    if (!host_is_little_endian()) fail(path, "reading .npy needs a little-endian host");
    a.f32.resize(static_cast<std::size_t>(a.size()));
    std::memcpy(a.f32.data(), bytes.data() + data_begin, want);
  } else {
    a.u8.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_begin),
                bytes.begin() + static_cast<std::ptrdiff_t>(data_begin + want));
  }
  return a;
}

std::vector<float> read_npy_f32(const std::string& path, const Shape* expected_shape,
                                Shape* shape_out) {
  NpyArray a = read_npy(path);
  if (a.dtype != NpyArray::Dtype::kFloat32) fail(path, "dtype is uint8, expected float32");
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

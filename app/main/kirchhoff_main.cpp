#include <cstdio>

int main() {
  std::printf("kirchhoff %s\n", KIRCHHOFF_VERSION);
  return 0;
}

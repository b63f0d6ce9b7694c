// Guest program (C++): exceptions thrown through deep frames and caught by type (unwinding
// reads .eh_frame through the program headers the runner announces in AT_PHDR), RAII
// destructor order, virtual dispatch, templates and the standard library containers.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string trail;

struct guard {
  explicit guard(char c) : c_(c) {
    trail += '+';
    trail += c_;
  }
  ~guard() {
    trail += '-';
    trail += c_;
  }
  char c_;
};

struct custom_error : std::runtime_error {
  explicit custom_error(int code)
      : std::runtime_error("custom " + std::to_string(code)), code(code) {}
  int code;
};

int thrower(int depth, int kind) {
  guard g(static_cast<char>('a' + depth % 26));
  if (depth == 0) {
    switch (kind) {
      case 0: throw std::out_of_range("index 42");
      case 1: throw custom_error(7);
      case 2: throw 123;
      case 3: throw std::string("a string");
      default: return 5;
    }
  }
  return thrower(depth - 1, kind) + 1;
}

struct shape {
  virtual ~shape() = default;
  virtual double area() const = 0;
  virtual std::string name() const = 0;
};
struct rect : shape {
  rect(double w, double h) : w_(w), h_(h) {}
  double area() const override { return w_ * h_; }
  std::string name() const override { return "rect"; }
  double w_, h_;
};
struct circle : shape {
  explicit circle(double r) : r_(r) {}
  double area() const override { return 3.14159265358979 * r_ * r_; }
  std::string name() const override { return "circle"; }
  double r_;
};
struct square : rect {
  explicit square(double s) : rect(s, s) {}
  std::string name() const override { return "square"; }
};

template <class T>
T sum_of_squares(const std::vector<T>& v) {
  return std::accumulate(v.begin(), v.end(), T{}, [](T acc, T x) { return acc + x * x; });
}

}  // namespace

int main() {
  for (int kind = 0; kind <= 4; ++kind) {
    trail.clear();
    try {
      int r = thrower(6, kind);
      std::printf("kind %d: returned %d", kind, r);
    } catch (const custom_error& e) {
      std::printf("kind %d: custom_error code=%d what=%s", kind, e.code, e.what());
    } catch (const std::exception& e) {
      std::printf("kind %d: std::exception what=%s", kind, e.what());
    } catch (int v) {
      std::printf("kind %d: int %d", kind, v);
    } catch (...) {
      std::printf("kind %d: something else", kind);
    }
    std::printf(" trail=%s\n", trail.c_str());
  }
  // Rethrow and nested try blocks.
  try {
    try {
      throw custom_error(99);
    } catch (std::runtime_error& e) {
      std::printf("inner caught %s, rethrowing\n", e.what());
      throw;
    }
  } catch (const custom_error& e) {
    std::printf("outer caught code %d\n", e.code);
  }

  std::vector<std::unique_ptr<shape>> shapes;
  for (int i = 1; i <= 9; ++i) {
    if (i % 3 == 0)
      shapes.push_back(std::make_unique<circle>(i * 0.5));
    else if (i % 3 == 1)
      shapes.push_back(std::make_unique<rect>(i, i + 1.5));
    else
      shapes.push_back(std::make_unique<square>(i));
  }
  std::sort(shapes.begin(), shapes.end(), [](auto& a, auto& b) { return a->area() < b->area(); });
  for (auto& s : shapes) std::printf("%s:%.4f ", s->name().c_str(), s->area());
  std::printf("\n");

  std::map<std::string, int> counts;
  std::istringstream words("the cat and the hat and the bat sat on the mat");
  for (std::string w; words >> w;) ++counts[w];
  std::ostringstream out;
  for (auto& [w, n] : counts) out << w << '=' << n << ' ';
  std::printf("%s\n", out.str().c_str());

  std::vector<int64_t> v(1000);
  std::iota(v.begin(), v.end(), -500);
  std::vector<double> d{0.5, 1.5, -2.25, 3.0};
  std::printf("sum_of_squares: %lld %.4f\n", static_cast<long long>(sum_of_squares(v)),
              sum_of_squares(d));
  try {
    std::vector<int> small(3);
    std::printf("at(5)=%d\n", small.at(5));
  } catch (const std::out_of_range&) {
    std::printf("vector::at threw out_of_range\n");
  }
  return 0;
}

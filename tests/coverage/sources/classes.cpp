// C++ for the mnemonic-coverage test: virtual calls, exceptions, templates, the standard
// containers and algorithms, strings and streams.
#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

struct shape {
  virtual ~shape() = default;
  virtual double area() const = 0;
};
struct rect : shape {
  double w, h;
  rect(double a, double b) : w(a), h(b) {}
  double area() const override { return w * h; }
};
struct circle : shape {
  double r;
  explicit circle(double a) : r(a) {}
  double area() const override { return 3.14159265358979 * r * r; }
};

double total_area(const std::vector<std::unique_ptr<shape>>& v) {
  double s = 0;
  for (const auto& p : v) s += p->area();
  return s;
}

std::vector<int> sorted_unique(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::map<std::string, int> word_count(const std::string& text) {
  std::map<std::string, int> m;
  std::istringstream in(text);
  std::string w;
  while (in >> w) ++m[w];
  return m;
}

long checked_sum(const std::vector<long>& v) {
  long s = std::accumulate(v.begin(), v.end(), 0L);
  if (s < 0) throw std::runtime_error("negative sum");
  return s;
}

int safe_call(const std::vector<long>& v) {
  try {
    return static_cast<int>(checked_sum(v));
  } catch (const std::exception& e) {
    return -static_cast<int>(std::string(e.what()).size());
  }
}

template <typename T>
T dot(const std::vector<T>& a, const std::vector<T>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), T{});
}
template double dot(const std::vector<double>&, const std::vector<double>&);
template long dot(const std::vector<long>&, const std::vector<long>&);
template float dot(const std::vector<float>&, const std::vector<float>&);

std::string describe(double x, long n) {
  std::ostringstream o;
  o << "x=" << x << " n=" << n << " hex=" << std::hex << n;
  return o.str();
}

// ssivm_fuzz: differential instruction fuzzing of ssivm's interpreter against qemu-s390x.
//   ssivm_fuzz --seed S --instructions N   random cases until N test instructions ran
//   ssivm_fuzz --case ID                    re-runs (and shrinks) one case by its id
// Exit status 0 when every difference is a documented qemu deviation, 1 otherwise.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "arch/insn_table.hpp"
#include "jit/engine.hpp"
#include "tests/fuzz/fuzz_run.hpp"

namespace {

using namespace ssivm::fuzz;

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t k = 0;
  while (k < s.size()) {
    size_t e = s.find(',', k);
    if (e == std::string::npos) e = s.size();
    if (e > k) out.push_back(s.substr(k, e - k));
    k = e + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Differential instruction fuzzer: ssivm's interpreter against qemu-s390x"};
  uint64_t seed = 1;
  uint64_t instructions = 100000;
  unsigned per_process = 200;
  unsigned max_len = 24;
  unsigned max_reports = 10;
  unsigned max_minimize = 300;
  unsigned minimized = 0;
  std::string only, exclude, case_id_text, dump_elf;
  int64_t batch_of = -1;
  bool no_minimize = false, list_rows = false, verbose = false, probe = false;
  run_config cfg;
  app.add_option("--seed", seed, "Seed of the run (cases are derived from it)");
  app.add_option("--instructions", instructions,
                 "Stop after this many generated test instructions");
  app.add_option("--cases-per-process", per_process, "Cases per harness program");
  app.add_option("--max-len", max_len, "Longest case (instructions; lengths are uniform from 1)");
  app.add_option("--only", only, "Comma-separated mnemonics to restrict the stream to");
  app.add_option("--exclude", exclude, "Comma-separated mnemonics to leave out");
  app.add_option("--case", case_id_text, "Run one case by its id (hex) and show it");
  app.add_option("--batch-of", batch_of,
                 "With --seed: re-run the whole batch that held this case ordinal and list its "
                 "mismatching cases unshrunk (to see what one case leaves for the next)");
  app.add_option("--dump-elf", dump_elf, "With --case: also write the one-case harness ELF here");
  app.add_option("--qemu", cfg.qemu, "qemu-s390x to compare against");
  std::string engine = "interp";
  app.add_option("--engine", engine, "ssivm engine under test")
      ->check(CLI::IsMember({"interp", "jit"}));
  app.add_option("--max-reports", max_reports, "Shrink and print at most this many mismatches");
  app.add_flag("--no-minimize", no_minimize, "Report mismatches without shrinking them");
  app.add_option("--max-minimize", max_minimize,
                 "Shrink at most this many mismatches (later ones are counted unclassified)");
  app.add_flag("--list-rows", list_rows, "List the rows the generator draws from and exit");
  app.add_flag("--probe", probe,
               "Run 16 one-instruction cases per row and list rows qemu always rejects with SIGILL "
               "while ssivm runs them (instructions qemu lacks)");
  app.add_flag("-v,--verbose", verbose, "Per-batch progress");
  CLI11_PARSE(app, argc, argv);
  if (engine == "jit")
    cfg.make_engine = [](ssivm::runtime::storage& st) { return ssivm::jit::make_jit(st); };

  gen_options gopt;
  gopt.max_len = max_len < 1 ? 1 : max_len;
  gopt.only = split_list(only);
  gopt.exclude = split_list(exclude);
  generator gen(gopt);
  if (list_rows) {
    for (uint16_t id : gen.rows())
      std::printf("%s\n", std::string(ssivm::arch::mnemonic(id)).c_str());
    return 0;
  }
  if (gen.rows().empty()) {
    std::fprintf(stderr, "ssivm_fuzz: no instruction rows to draw from\n");
    return 2;
  }
  std::printf("ssivm_fuzz: %zu rows, harness: %s\n", gen.rows().size(),
              cfg.features.describe().c_str());

  if (probe) {
    constexpr unsigned kPerRow = 16;
    std::vector<fuzz_case> cases;
    std::mt19937_64 rng(seed);
    for (uint16_t id : gen.rows()) {
      for (unsigned k = 0; k < kPerRow; ++k) {
        fuzz_case fc = gen.make_case(generator::case_id(seed, cases.size()));
        fc.code.assign(1, gen.make_insn(id, rng));
        cases.push_back(std::move(fc));
      }
    }
    auto res = run_cases(cases, cfg);
    for (size_t r = 0; r < gen.rows().size(); ++r) {
      unsigned q_ill = 0, s_ill = 0, diff = 0;
      for (unsigned k = 0; k < kPerRow; ++k) {
        const case_outcome& o = res[r * kPerRow + k];
        q_ill += !o.qemu.completed && o.qemu.signal == SIGILL;
        s_ill += !o.ssivm.completed && o.ssivm.signal == SIGILL;
        diff += !o.equal;
      }
      if (q_ill == kPerRow && s_ill < kPerRow / 2)
        std::printf("qemu rejects %-8s (qemu SIGILL %u/%u, ssivm SIGILL %u/%u)\n",
                    std::string(ssivm::arch::mnemonic(gen.rows()[r])).c_str(), q_ill, kPerRow,
                    s_ill, kPerRow);
      else if (diff && verbose)
        std::printf("differs  %-8s in %u/%u one-instruction cases\n",
                    std::string(ssivm::arch::mnemonic(gen.rows()[r])).c_str(), diff, kPerRow);
    }
    return 0;
  }
  if (!case_id_text.empty()) {
    fuzz_case fc = gen.make_case(std::strtoull(case_id_text.c_str(), nullptr, 16));
    if (!dump_elf.empty()) {
      harness_image img = build_harness(std::span<const fuzz_case>(&fc, 1), cfg.features);
      if (std::FILE* f = std::fopen(dump_elf.c_str(), "wb")) {
        std::fwrite(img.elf.data(), 1, img.elf.size(), f);
        std::fclose(f);
      }
    }
    auto res = run_cases(std::span<const fuzz_case>(&fc, 1), cfg);
    std::printf("%s", describe_case(fc, true).c_str());
    if (res[0].equal) {
      std::printf("qemu and ssivm agree%s\n",
                  res[0].qemu.completed ? "" : " (both ended by the same signal)");
      return 0;
    }
    std::printf("MISMATCH\n%s", describe_difference(fc, res[0]).c_str());
    if (!no_minimize) {
      case_outcome mo = res[0];
      fuzz_case m = minimize(fc, cfg, mo);
      std::printf("minimized:\n%s%s", describe_case(m, true).c_str(),
                  describe_difference(m, mo).c_str());
      const char* why = explain_difference(m, mo);
      std::printf("%s%s\n", why ? "explained: " : "UNEXPLAINED", why ? why : "");
    }
    return 1;
  }

  if (batch_of >= 0) {
    // The main loop's batches: consecutive runs of `per_process` ordinals from 0.
    const uint64_t first = static_cast<uint64_t>(batch_of) / per_process * per_process;
    std::vector<fuzz_case> batch;
    for (uint64_t k = first; k < first + per_process; ++k)
      batch.push_back(gen.make_case(generator::case_id(seed, k)));
    auto res = run_cases(batch, cfg);
    for (size_t k = 0; k < batch.size(); ++k) {
      if (res[k].equal) continue;
      const fuzz_case& fc = batch[k];
      const char* why = explain_difference(fc, res[k]);
      std::printf(
          "\n--- ordinal %llu, id %016llx, last %s: %s\n", (unsigned long long)(first + k),
          (unsigned long long)fc.id,
          fc.code.empty() ? "-" : std::string(ssivm::arch::mnemonic(fc.code.back().i.id)).c_str(),
          why ? why : "UNEXPLAINED (unshrunk)");
      if (first + k == static_cast<uint64_t>(batch_of) || !why)
        std::printf("%s%s", describe_case(fc, false).c_str(),
                    describe_difference(fc, res[k]).c_str());
    }
    return 0;
  }

  auto t0 = std::chrono::steady_clock::now();
  uint64_t generated = 0, compared = 0, ordinal = 0, processes = 0;
  uint64_t cases_done = 0, cases_signal = 0, mismatches = 0, explained = 0;
  std::map<std::string, uint64_t> explained_by;
  std::map<std::string, uint64_t> signals_by_mnemonic;
  std::map<std::string, uint64_t> mismatch_by_mnemonic;
  std::set<std::string> reported;
  std::vector<uint64_t> unexplained_ids;
  unsigned reports = 0;
  while (generated < instructions) {
    std::vector<fuzz_case> batch;
    while (batch.size() < per_process && generated < instructions) {
      batch.push_back(gen.make_case(generator::case_id(seed, ordinal++)));
      generated += batch.back().code.size();
    }
    auto res = run_cases(batch, cfg, &processes);
    for (size_t k = 0; k < batch.size(); ++k) {
      const fuzz_case& fc = batch[k];
      const case_outcome& o = res[k];
      ++cases_done;
      if (o.qemu.completed && o.ssivm.completed) {
        compared += fc.code.size();
      } else if (o.fault_index >= 0) {
        compared += static_cast<uint64_t>(o.fault_index) + 1;
        signals_by_mnemonic[std::string(ssivm::arch::mnemonic(fc.code[o.fault_index].i.id))]++;
      }
      if (o.equal && !o.qemu.completed) ++cases_signal;
      if (!o.qemu.error.empty() || !o.ssivm.error.empty()) {
        std::fprintf(stderr, "ssivm_fuzz: cannot run a side: %s%s\n", o.qemu.error.c_str(),
                     o.ssivm.error.c_str());
        return 2;
      }
      if (o.equal) continue;
      // A mismatch: shrink it, classify it, report the first of each kind in full.
      case_outcome mo = o;
      bool shrink = !no_minimize && minimized < max_minimize;
      fuzz_case m = shrink ? minimize(fc, cfg, mo) : fc;
      minimized += shrink;
      std::string last =
          m.code.empty() ? "(prologue)" : std::string(ssivm::arch::mnemonic(m.code.back().i.id));
      if (const char* why = explain_difference(m, mo)) {
        ++explained;
        explained_by[why]++;
        continue;
      }
      ++mismatches;
      mismatch_by_mnemonic[last]++;
      unexplained_ids.push_back(fc.id);
      if (reports < max_reports && reported.insert(last).second) {
        ++reports;
        std::printf(
            "\n=== MISMATCH (seed %llu, case ordinal %llu, id %016llx) — last instruction %s\n",
            (unsigned long long)seed, (unsigned long long)(ordinal - batch.size() + k),
            (unsigned long long)fc.id, last.c_str());
        std::printf("minimized repro:\n%s%s", describe_case(m, true).c_str(),
                    describe_difference(m, mo).c_str());
        std::printf("re-run: ssivm_fuzz --case %016llx\n", (unsigned long long)fc.id);
        std::fflush(stdout);
      }
    }
    if (verbose) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf(
          "  %llu instructions generated, %llu compared, %llu cases, %llu mismatches, "
          "%llu explained, %.1f s\n",
          (unsigned long long)generated, (unsigned long long)compared,
          (unsigned long long)cases_done, (unsigned long long)mismatches,
          (unsigned long long)explained, secs);
      std::fflush(stdout);
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "\nseed %llu: %llu instructions generated in %llu cases (%llu harness processes), "
      "%llu instructions executed and compared, %llu cases ended by a signal on both sides, "
      "%llu mismatching cases (+%llu explained differences), %.1f s\n",
      (unsigned long long)seed, (unsigned long long)generated, (unsigned long long)cases_done,
      (unsigned long long)processes, (unsigned long long)compared,
      (unsigned long long)(cases_signal), (unsigned long long)mismatches,
      (unsigned long long)explained, secs);
  for (auto& [why, n] : explained_by)
    std::printf("  explained %llu x: %s\n", (unsigned long long)n, why.c_str());
  if (!mismatch_by_mnemonic.empty()) {
    std::printf("mismatches by last instruction of the shrunk case:");
    for (auto& [m, n] : mismatch_by_mnemonic)
      std::printf(" %s=%llu", m.c_str(), (unsigned long long)n);
    std::printf("\n");
    std::printf("unexplained cases (ssivm_fuzz --case ID):");
    for (uint64_t id : unexplained_ids) std::printf(" %016llx", (unsigned long long)id);
    std::printf("\n");
  }
  if (verbose && !signals_by_mnemonic.empty()) {
    std::printf("interruptions by instruction:");
    for (auto& [m, n] : signals_by_mnemonic)
      std::printf(" %s=%llu", m.c_str(), (unsigned long long)n);
    std::printf("\n");
  }
  return mismatches ? 1 : 0;
}

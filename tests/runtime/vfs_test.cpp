// The guest's file system view (runtime/linux/vfs): a --root confines every path, whatever
// `..` and symbolic links (absolute, relative, in the middle, looping) say.
#include "runtime/linux/vfs.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

namespace ssivm::runtime::linux_abi {
namespace {

// A scratch tree: <tmp>/outside/secret and <tmp>/root/{etc/passwd, dir/file, links...}.
// Each test runs with openat2 and with the component walk kernels without it get.
class vfs_test : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    vfs::use_openat2(GetParam());
    char tmpl[] = "/tmp/ssivm-vfs.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    top_ = tmpl;
    root_ = top_ + "/root";
    mkdir("outside");
    write("outside/secret", "host secret\n");
    mkdir("root");
    mkdir("root/etc");
    write("root/etc/passwd", "guest passwd\n");
    mkdir("root/dir");
    write("root/dir/file", "guest file\n");
    link(top_ + "/outside/secret", "root/abs_out");    // absolute target outside the root
    link("/etc/passwd", "root/abs_in");                // absolute: the guest's /etc/passwd
    link("../../outside/secret", "root/dir/rel_out");  // relative target climbing out
    link(top_ + "/outside", "root/dir_out");           // a directory outside, used mid-path
    link("dir", "root/mid");                           // a directory inside, used mid-path
    link("loop_b", "root/loop_a");
    link("loop_a", "root/loop_b");
    link("/nowhere/new", "root/dangling");
    std::string err;
    ASSERT_TRUE(fs_.init(root_, "", err)) << err;
    ASSERT_TRUE(fs_.confined());
  }
  void TearDown() override {
    vfs::use_openat2(true);
    std::string cmd = "rm -rf '" + top_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  void mkdir(const std::string& rel) { ASSERT_EQ(::mkdir((top_ + "/" + rel).c_str(), 0755), 0); }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(top_ + "/" + rel) << text;
  }
  void link(const std::string& target, const std::string& rel) {
    ASSERT_EQ(::symlink(target.c_str(), (top_ + "/" + rel).c_str()), 0);
  }
  // What the guest reads at `path` (the first line), or "errno N".
  std::string read(const std::string& path) {
    int fd = fs_.open_read(path);
    if (fd < 0) return "errno " + std::to_string(-fd);
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return n < 0 ? "read error" : std::string(buf, static_cast<size_t>(n));
  }

  // The same for `path` relative to host descriptor `dir`, resolved as a guest path.
  std::string read_at(int dir, const std::string& path) {
    host_path hp;
    if (int64_t e = fs_.resolve(dir, path, true, hp)) return "errno " + std::to_string(-e);
    int fd = ::openat(hp.dirfd, hp.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "errno " + std::to_string(errno);
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return n < 0 ? "read error" : std::string(buf, static_cast<size_t>(n));
  }

  std::string top_, root_;
  vfs fs_;
};

TEST_P(vfs_test, DotDotStopsAtTheRoot) {
  EXPECT_EQ(read("../../etc/passwd"), "guest passwd\n");
  EXPECT_EQ(read("/../../../etc/passwd"), "guest passwd\n");
  EXPECT_EQ(read("/dir/../../../outside/secret"), "errno " + std::to_string(ENOENT));
}

TEST_P(vfs_test, AbsoluteSymlinksResolveInsideTheRoot) {
  EXPECT_EQ(read("/abs_in"), "guest passwd\n");
  // The host path of the secret means nothing inside the root.
  EXPECT_EQ(read("/abs_out"), "errno " + std::to_string(ENOENT));
  EXPECT_EQ(read("/dir/rel_out"), "errno " + std::to_string(ENOENT));
}

TEST_P(vfs_test, SymlinksInTheMiddleOfAPath) {
  EXPECT_EQ(read("/mid/file"), "guest file\n");
  EXPECT_EQ(read("/dir_out/secret"), "errno " + std::to_string(ENOENT));
}

TEST_P(vfs_test, SymlinkLoopsAreEloop) {
  EXPECT_EQ(read("/loop_a"), "errno " + std::to_string(ELOOP));
  EXPECT_EQ(read("/loop_a/x"), "errno " + std::to_string(ELOOP));
}

TEST_P(vfs_test, CallsOnTheLinkItselfStayInside) {
  // lstat/readlink/unlink see the link; creating through a dangling link creates inside.
  host_path hp;
  ASSERT_EQ(fs_.resolve(-100, "/abs_out", false, hp), 0);
  struct stat st;
  ASSERT_EQ(::fstatat(hp.dirfd, hp.path.c_str(), &st, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  host_path create;
  create.create = true;
  ASSERT_EQ(fs_.resolve(-100, "/dangling", true, create), -ENOENT);  // /nowhere is absent
  ASSERT_EQ(::mkdir((root_ + "/nowhere").c_str(), 0755), 0);
  host_path stat_only;  // a call that cannot create gets no name to follow later
  EXPECT_EQ(fs_.resolve(-100, "/dangling", true, stat_only), -ENOENT);
  host_path made;
  made.create = true;
  ASSERT_EQ(fs_.resolve(-100, "/dangling", true, made), 0);
  EXPECT_TRUE(made.absent);
  int fd =
      ::openat(made.dirfd, made.path.c_str(), O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(::access((root_ + "/nowhere/new").c_str(), F_OK), 0);
}

TEST_P(vfs_test, ALinkPlantedAfterResolutionIsNotFollowed) {
  // The race a second guest thread could run: resolve a new name, then make it a link out.
  host_path hp;
  hp.create = true;
  ASSERT_EQ(fs_.resolve(-100, "/dir/new", true, hp), 0);
  ASSERT_TRUE(hp.absent);
  link(top_ + "/outside/secret", "root/dir/new");
  int fd = ::openat(hp.dirfd, hp.path.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_NOFOLLOW, 0644);
  EXPECT_EQ(fd, -1);
  EXPECT_EQ(errno, ELOOP);  // sys_openat resolves again, inside the root
  if (fd >= 0) ::close(fd);
  EXPECT_EQ(read("/dir/new"), "errno " + std::to_string(ENOENT));
}

TEST_P(vfs_test, DevicesAndOwnDescriptorsWithoutADev) {
  EXPECT_EQ(read("/dev/null"), "");  // the root has no /dev: the host's null device
  int fd = fs_.open_read("/etc/passwd");
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read("/dev/fd/" + std::to_string(fd)), "guest passwd\n");  // reopened
  ::close(fd);
  int root_fd = 0;
  while (root_fd < 4096 && !fs_.owns(root_fd)) ++root_fd;
  EXPECT_EQ(read("/dev/fd/" + std::to_string(root_fd)), "errno " + std::to_string(ENOENT));
  EXPECT_EQ(read("/dev/fd/1/x"), "errno " + std::to_string(ENOENT));
}

TEST_P(vfs_test, CurrentDirectoryIsTheGuestsPath) {
  ASSERT_EQ(fs_.chdir("/mid"), 0);
  std::string cwd;
  ASSERT_EQ(fs_.getcwd(cwd), 0);
  EXPECT_EQ(cwd, "/dir");
  EXPECT_EQ(read("file"), "guest file\n");
  EXPECT_EQ(read("../../../etc/passwd"), "guest passwd\n");
  EXPECT_EQ(fs_.chdir("/dir_out"), -ENOENT);
  EXPECT_EQ(fs_.guest_name_of(root_ + "/dir/file"), "/dir/file");
}

TEST_P(vfs_test, RelativeToADirectoryDescriptor) {
  int dir = fs_.open_read("/dir");
  ASSERT_GE(dir, 0);
  EXPECT_EQ(read_at(dir, "../../../../etc/passwd"), "guest passwd\n");
  ::close(dir);
}

INSTANTIATE_TEST_SUITE_P(resolution, vfs_test, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& i) {
                           return i.param ? "openat2" : "walk";
                         });

TEST_P(vfs_test, RootDescriptorIsNotTheGuests) {
  host_path hp;
  ASSERT_EQ(fs_.resolve(-100, "/", true, hp), 0);
  int fd = 0;
  while (fd < 4096 && !fs_.owns(fd)) ++fd;
  ASSERT_LT(fd, 4096);
  EXPECT_GE(fd, 3);  // kept out of the small numbers programs dup2 onto
  // Left alone by execve's sweep of close-on-exec descriptors (execve is served in place).
  EXPECT_EQ(::fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  // A path relative to it is still a guest path.
  EXPECT_EQ(read_at(fd, "../../etc/passwd"), "guest passwd\n");
}

TEST(vfs_sysroot, SysrootFirstThenTheHost) {
  char tmpl[] = "/tmp/ssivm-sysroot.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string top = tmpl;
  ASSERT_EQ(::mkdir((top + "/lib").c_str(), 0755), 0);
  std::ofstream(top + "/lib/ld.so") << "loader\n";
  vfs fs;
  std::string err;
  ASSERT_TRUE(fs.init("", top, err)) << err;
  EXPECT_FALSE(fs.confined());
  host_path hp;
  ASSERT_EQ(fs.resolve(-100, "/lib/ld.so", true, hp), 0);
  EXPECT_EQ(::faccessat(hp.dirfd, hp.path.c_str(), R_OK, 0), 0);
  host_path host;  // absent from the sysroot: the host's own path
  ASSERT_EQ(fs.resolve(-100, "/proc/self/status", true, host), 0);
  EXPECT_EQ(host.path, "/proc/self/status");
  std::string cmd = "rm -rf '" + top + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
}

TEST(vfs_unconfined, CurrentDirectoryIsTheGuestsOwn) {
  // chdir moves the guest, not ssivm: the host's current directory stays where it was.
  char tmpl[] = "/tmp/ssivm-cwd.XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  std::string top = tmpl;
  std::ofstream(top + "/here") << "here\n";
  char before[4096];
  ASSERT_NE(::getcwd(before, sizeof before), nullptr);
  vfs fs;
  std::string err;
  ASSERT_TRUE(fs.init("", "", err)) << err;
  ASSERT_EQ(fs.chdir(top), 0);
  std::string cwd;
  ASSERT_EQ(fs.getcwd(cwd), 0);
  char real[4096];
  ASSERT_NE(::realpath(top.c_str(), real), nullptr);
  EXPECT_EQ(cwd, real);
  int fd = fs.open_read("here");
  EXPECT_GE(fd, 0);
  if (fd >= 0) ::close(fd);
  char after[4096];
  ASSERT_NE(::getcwd(after, sizeof after), nullptr);
  EXPECT_STREQ(before, after);
  vfs child(fs);  // a forked guest starts where its parent was
  ASSERT_EQ(child.getcwd(cwd), 0);
  EXPECT_EQ(cwd, real);
  std::string cmd = "rm -rf '" + top + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace ssivm::runtime::linux_abi

// Guest program: sockets — socketpair with data, peeking and descriptor passing (SCM_RIGHTS)
// and credentials (SCM_CREDENTIALS); a named AF_UNIX listener with accept4 and the names on
// both ends; UDP and TCP on the loopback (addresses and ports through sockaddr_in, whose family
// is a native short); socket options of each shape (int, linger, timeval); sendmmsg/recvmmsg;
// the direct s390x socket calls as well as socketcall; interface ioctls (SIOCGIF*) and the C
// library's route-netlink lookups (if_nameindex, getifaddrs). Prints only what is the same
// each run.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"

static void pairs(void) {
  printf("-- socketpair\n");
  int sv[2];
  CHECK("socketpair", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  printf("  cloexec %d\n", fcntl(sv[0], F_GETFD) & FD_CLOEXEC);
  CHECK("send", send(sv[0], "hello", 5, 0));
  char buf[32] = {0};
  CHECK("recv peek", recv(sv[1], buf, 3, MSG_PEEK));
  CHECK("recv", recv(sv[1], buf, sizeof buf, 0));
  printf("  got \"%s\"\n", buf);
  CHECK("recv nothing", recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));

  // Pass the read end of a pipe, with the sender's credentials.
  int on = 1;
  CHECK("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
  int p[2];
  pipe(p);
  write(p[1], "through the pipe", 16);
  char data = 'x';
  struct iovec iov = {&data, 1};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } ctl;
  struct msghdr m = {
      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
  struct cmsghdr* c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &p[0], sizeof(int));
  CHECK("sendmsg rights", sendmsg(sv[0], &m, 0));
  union {
    char buf[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
    struct cmsghdr align;
  } in;
  char got = 0;
  struct iovec riov = {&got, 1};
  struct msghdr r = {
      .msg_iov = &riov, .msg_iovlen = 1, .msg_control = in.buf, .msg_controllen = sizeof in.buf};
  CHECK("recvmsg", recvmsg(sv[1], &r, 0));
  printf("  byte %c, flags %#x, control length ok %d\n", got, r.msg_flags,
         r.msg_controllen > CMSG_LEN(sizeof(int)));
  for (struct cmsghdr* k = CMSG_FIRSTHDR(&r); k; k = CMSG_NXTHDR(&r, k)) {
    if (k->cmsg_type == SCM_RIGHTS) {
      int fd;
      memcpy(&fd, CMSG_DATA(k), sizeof fd);
      char text[32] = {0};
      read(fd, text, sizeof text - 1);
      printf("  passed descriptor reads \"%s\", is new %d\n", text, fd != p[0]);
      close(fd);
    } else if (k->cmsg_type == SCM_CREDENTIALS) {
      struct ucred u;
      memcpy(&u, CMSG_DATA(k), sizeof u);
      printf("  credentials: pid %d uid %d gid %d\n", u.pid == getpid(), u.uid == getuid(),
             u.gid == getgid());
    } else {
      printf("  other control message %d/%d\n", k->cmsg_level, k->cmsg_type);
    }
  }
  close(p[0]);
  close(p[1]);
  close(sv[0]);
  close(sv[1]);
}

static void named(const char* dir) {
  printf("-- AF_UNIX by name\n");
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s/sock", dir);
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK("bind", bind(l, (struct sockaddr*)&a, sizeof a));
  CHECK("bind again", bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr*)&a, sizeof a));
  CHECK("listen", listen(l, 4));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  CHECK("connect", connect(c, (struct sockaddr*)&a, sizeof a));
  struct sockaddr_un peer;
  socklen_t len = sizeof peer;
  int s = accept4(l, (struct sockaddr*)&peer, &len, SOCK_NONBLOCK);
  CHECK("accept4", s >= 0);
  printf("  peer family %d len %u nonblocking %d\n", peer.sun_family, len,
         !!(fcntl(s, F_GETFL) & O_NONBLOCK));
  struct sockaddr_un name;
  len = sizeof name;
  CHECK("getpeername", getpeername(c, (struct sockaddr*)&name, &len));
  printf("  connected to ...%s (family %d)\n", strrchr(name.sun_path, '/'), name.sun_family);
  len = 4;  // too small: truncated, full length reported
  CHECK("getsockname short", getsockname(l, (struct sockaddr*)&name, &len));
  printf("  full length %u\n", len);
  struct ucred cred;
  len = sizeof cred;
  CHECK("SO_PEERCRED", getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cred, &len));
  printf("  peer pid %d uid %d\n", cred.pid == getpid(), cred.uid == getuid());
  CHECK("shutdown", shutdown(c, SHUT_WR));
  char b;
  CHECK("recv end", recv(s, &b, 1, 0));
  close(s);
  close(c);
  close(l);
  unlink(a.sun_path);
  struct sockaddr_un missing = {.sun_family = AF_UNIX, .sun_path = "/nonexistent/sock"};
  CHECK("connect missing",
        connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr*)&missing, sizeof missing));
}

static void show_in(const char* what, const struct sockaddr_in* a, unsigned short port) {
  char text[32];
  inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
  printf("  %s: family %d address %s port-matches %d\n", what, a->sin_family, text,
         ntohs(a->sin_port) == port);
}

static void inet(void) {
  printf("-- UDP and TCP on the loopback\n");
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  CHECK("bind udp", bind(u, (struct sockaddr*)&a, sizeof a));
  socklen_t len = sizeof a;
  getsockname(u, (struct sockaddr*)&a, &len);
  unsigned short port = ntohs(a.sin_port);
  printf("  port assigned %d\n", port != 0);
  CHECK("sendto self", sendto(u, "datagram", 8, 0, (struct sockaddr*)&a, sizeof a));
  struct sockaddr_in from;
  len = sizeof from;
  char buf[64] = {0};
  CHECK("recvfrom", recvfrom(u, buf, sizeof buf, 0, (struct sockaddr*)&from, &len));
  printf("  \"%s\" length %u\n", buf, len);
  show_in("from", &from, port);
  CHECK("connect udp", connect(u, (struct sockaddr*)&a, sizeof a));
  struct mmsghdr mm[2];
  struct iovec iv[2] = {{"one", 3}, {"three", 5}};
  memset(mm, 0, sizeof mm);
  for (int k = 0; k < 2; ++k) mm[k].msg_hdr.msg_iov = &iv[k], mm[k].msg_hdr.msg_iovlen = 1;
  CHECK("sendmmsg", sendmmsg(u, mm, 2, 0));
  printf("  lengths %u %u\n", mm[0].msg_len, mm[1].msg_len);
  char r1[8] = {0}, r2[8] = {0};
  struct iovec rv[2] = {{r1, 7}, {r2, 7}};
  memset(mm, 0, sizeof mm);
  for (int k = 0; k < 2; ++k) mm[k].msg_hdr.msg_iov = &rv[k], mm[k].msg_hdr.msg_iovlen = 1;
  CHECK("recvmmsg", recvmmsg(u, mm, 2, MSG_WAITFORONE, NULL));
  printf("  \"%s\" (%u) \"%s\" (%u)\n", r1, mm[0].msg_len, r2, mm[1].msg_len);
  close(u);

  int l = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  CHECK("SO_REUSEADDR", setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
  a.sin_port = 0;
  bind(l, (struct sockaddr*)&a, sizeof a);
  len = sizeof a;
  getsockname(l, (struct sockaddr*)&a, &len);
  port = ntohs(a.sin_port);
  CHECK("listen", listen(l, 1));
  int c = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);  // the direct call
  CHECK("connect tcp (direct)", syscall(SYS_connect, c, &a, sizeof a));
  struct sockaddr_in peer;
  len = sizeof peer;
  int s = accept(l, (struct sockaddr*)&peer, &len);
  CHECK("accept", s >= 0);
  show_in("peer", &peer, 0);
  CHECK("TCP_NODELAY", setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
  CHECK("send (direct sendto)", syscall(SYS_sendto, c, "stream data", 11, 0, NULL, 0));
  CHECK("recv", recv(s, buf, sizeof buf, 0));
  CHECK("close", close(c));
  CHECK("recv end", recv(s, buf, sizeof buf, 0));

  close(s);
  close(l);
}

static void options(void) {
  printf("-- socket options\n");
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int v = -1;
  socklen_t len = sizeof v;
  CHECK("SO_TYPE", getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
  printf("  type %d len %u\n", v, len);
  CHECK("SO_ERROR", getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len));
  printf("  error %d\n", v);
  v = 6000;
  CHECK("SO_RCVBUF set", setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
  CHECK("SO_RCVBUF get", getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len));
  printf("  rcvbuf %d\n", v);
  struct linger lg = {1, 7};
  CHECK("SO_LINGER set", setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
  memset(&lg, 0, sizeof lg);
  len = sizeof lg;
  CHECK("SO_LINGER get", getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &len));
  printf("  linger %d %d\n", lg.l_onoff, lg.l_linger);
  struct timeval tv = {3, 250000};
  CHECK("SO_RCVTIMEO set", setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
  memset(&tv, 0, sizeof tv);
  len = sizeof tv;
  CHECK("SO_RCVTIMEO get", getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
  printf("  timeout %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
  CHECK("bad level", setsockopt(s, 12345, 1, &v, sizeof v));
  CHECK("socket bad family", socket(12345, SOCK_STREAM, 0));
  close(s);
}

static void interfaces(void) {
  printf("-- interfaces\n");
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct ifreq r;
  memset(&r, 0, sizeof r);
  strcpy(r.ifr_name, "lo");
  CHECK("SIOCGIFINDEX", ioctl(s, SIOCGIFINDEX, &r));
  int index = r.ifr_ifindex;
  printf("  lo index matches if_nametoindex %d\n", index == (int)if_nametoindex("lo"));
  memset(&r, 0, sizeof r);
  r.ifr_ifindex = index;
  CHECK("SIOCGIFNAME", ioctl(s, SIOCGIFNAME, &r));
  printf("  name %s\n", r.ifr_name);
  CHECK("SIOCGIFFLAGS", ioctl(s, SIOCGIFFLAGS, &r));
  printf("  up %d loopback %d\n", !!(r.ifr_flags & IFF_UP), !!(r.ifr_flags & IFF_LOOPBACK));
  CHECK("SIOCGIFMTU", ioctl(s, SIOCGIFMTU, &r));
  printf("  mtu %d\n", r.ifr_mtu);
  CHECK("SIOCGIFADDR", ioctl(s, SIOCGIFADDR, &r));
  struct sockaddr_in* in = (struct sockaddr_in*)&r.ifr_addr;
  printf("  family %d address %s\n", in->sin_family, inet_ntoa(in->sin_addr));
  CHECK("SIOCGIFNETMASK", ioctl(s, SIOCGIFNETMASK, &r));
  printf("  mask %s\n", inet_ntoa(in->sin_addr));
  char buf[40 * 16];
  struct ifconf conf = {.ifc_len = sizeof buf, .ifc_buf = buf};
  CHECK("SIOCGIFCONF", ioctl(s, SIOCGIFCONF, &conf));
  for (int off = 0; off < conf.ifc_len; off += (int)sizeof(struct ifreq)) {
    struct ifreq* q = (struct ifreq*)(buf + off);
    if (strcmp(q->ifr_name, "lo") == 0)
      printf("  listed lo: family %d address %s\n", q->ifr_addr.sa_family,
             inet_ntoa(((struct sockaddr_in*)&q->ifr_addr)->sin_addr));
  }
  close(s);
  // The C library asks route netlink for these.
  struct if_nameindex* names = if_nameindex();
  int found = 0;
  for (struct if_nameindex* n = names; n && n->if_index; ++n)
    found |= strcmp(n->if_name, "lo") == 0 && (int)n->if_index == index;
  printf("  if_nameindex lists lo with its index %d\n", found);
  if_freenameindex(names);
  struct ifaddrs* all;
  CHECK("getifaddrs", getifaddrs(&all));
  for (struct ifaddrs* i = all; i; i = i->ifa_next) {
    if (strcmp(i->ifa_name, "lo") != 0 || !i->ifa_addr || i->ifa_addr->sa_family != AF_INET)
      continue;
    char a[32], m[32];
    inet_ntop(AF_INET, &((struct sockaddr_in*)i->ifa_addr)->sin_addr, a, sizeof a);
    inet_ntop(AF_INET, &((struct sockaddr_in*)i->ifa_netmask)->sin_addr, m, sizeof m);
    printf("  lo inet %s mask %s up %d\n", a, m, !!(i->ifa_flags & IFF_UP));
  }
  freeifaddrs(all);
}

int main(void) {
  char dir[] = "/tmp/ssivm-net-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  pairs();
  named(dir);
  inet();
  options();
  interfaces();
  rmdir(dir);
  return 0;
}

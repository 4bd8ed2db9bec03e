// A busybox-style base: one fake ELF multi-call binary that carries the version string and the applet
// name table like the real one, applets as hard links in bin/ (official busybox image) and as symlinks
// in usr/bin and sbin (Alpine).

export const BUSYBOX_VERSION = 'BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.'

export const BIN_APPLETS =
  `[ ash base64 cat chgrp chmod chown cp date dd df dmesg echo egrep false fgrep getopt grep gunzip
gzip hostname kill link ln login ls mkdir mknod mktemp more mount mv netstat nice pidof ping ps pwd rm
rmdir sed sh sleep stat stty su sync tar touch true umount uname usleep vi watch zcat`.split(/\s+/)

export const USR_BIN_APPLETS =
  `awk basename bc cksum clear cmp cut diff dirname du env expr find free head hexdump id
install less logger md5sum mkfifo nc nl nohup nproc od paste patch printf readlink realpath seq sha1sum
sha256sum sort split strings tail tee test time timeout top tr traceroute tty uniq unzip uptime wc wget
which whoami xargs yes`.split(/\s+/)

export const SBIN_APPLETS =
  `adduser addgroup arp blkid chroot deluser fdisk halt ifconfig init insmod ip losetup
mdev mkswap modprobe pivot_root poweroff reboot route runlevel swapoff swapon switch_root sysctl
syslogd udhcpc`.split(/\s+/)

/** A fake x86-64 ELF executable: real ELF identification bytes, the version string, the applet table. */
export function fakeBusyboxBinary(pool, size) {
  const binary = Buffer.alloc(size)
  pool.copy(binary, 0, 0, size)
  const elfHeader = Buffer.from([
    0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 0x3e, 0x00, 0x01, 0,
    0, 0
  ])
  elfHeader.copy(binary, 0)
  const applets = [...BIN_APPLETS, ...USR_BIN_APPLETS, ...SBIN_APPLETS, 'busybox'].sort()
  const table = Buffer.from(applets.join('\0') + '\0\0')
  const version = Buffer.from(`\0${BUSYBOX_VERSION}\0`)
  const tableOffset = Math.floor(size * 0.6)
  table.copy(binary, tableOffset)
  version.copy(binary, Math.floor(size * 0.4))
  return binary
}

export const BASE_FILES = {
  'etc/passwd':
    'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\napp:x:1000:1000:app:/home/app:/bin/sh\n',
  'etc/group': 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\napp:x:1000:\n',
  'etc/shadow': 'root:*:19000:0:99999:7:::\napp:!:19000:0:99999:7:::\n',
  'etc/hostname': 'bench\n',
  'etc/os-release':
    'NAME="Bench Linux"\nID=bench\nVERSION_ID=1.0\nPRETTY_NAME="Bench Linux 1.0 (busybox base)"\n'
}

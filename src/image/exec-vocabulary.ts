// Names that content detection looks for. Each list says where it comes from; regenerate none of them
// blindly: a name added here is a name that makes an ordinary binary look like a shell or a multi-call binary.

/**
 * Applet names of BusyBox (every APPLET() line of its sources, and the tables of the 1.35, 1.36 and 1.38
 * binaries of Debian 12, Alpine 3.20 and the official busybox image) and toybox (every NEWTOY/OLDTOY of its
 * sources): 512 names.
 */
export const MULTI_CALL_APPLETS = `
[ [[ acpi acpid add-shell addgroup adduser adjtimex alias ar arch arp arping ascii ash awk base32 base64
basename bash bbconfig bc beep blkdiscard blkid blockdev bootchartd brctl break bunzip2 busybox bzcat
bzip2 cal cat cd chat chattr chcon chgrp chmod chown chpasswd chpst chroot chrt chsh chvt cksum clear cmp
comm conspy continue count cp cpio crc32 crond crontab cryptpw csplit cttyhack cut date dc dd deallocvt
declare delgroup deluser depmod devfsd devmem df dhcp dhcp6 dhcpd dhcprelay diff dirname dmesg dnsd
dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap dumpleases e2label echo ed egrep eject env envdir
envuidgid ether-wake eval exec exit expand export expr factor fakeidentd fallocate false fatattr fbset
fbsplash fdflush fdformat fdisk fgconsole fgrep file find findfs flash_eraseall flash_lock flash_unlock
flashcp flock fmt fold free freeramdisk fsck fsck.minix fsfreeze fstrim fstype fsync ftpd ftpget ftpput
fuser getconf getenforce getfattr getopt getsebool getty gitcheckout gitclone gitfetch gitinit gitremote
gpiodetect gpiofind gpioget gpioinfo gpioset grep groupadd groupdel groups gunzip gzip halt hd hdparm
head help hexdump hexedit host hostid hostname httpd hush hwclock i2cdetect i2cdump i2cget i2cset
i2ctransfer iconv id ifconfig ifdown ifenslave ifplugd ifup inetd init inotifyd insmod install ionice
iorenice iostat iotop ip ipaddr ipcalc ipcrm ipcs iplink ipneigh iproute iprule iptunnel jobs kbd_mode
kill killall killall5 klogd last less link linux32 linux64 linuxrc ln load_policy loadfont loadkmap local
log logger login logname logpath logread losetup lpd lpq lpr ls lsattr lsblk lsmod lsof lspci lsscsi
lsusb lzcat lzma lzop lzopcat makedevs makemime man matchpathcon mcookie md5sum mdev mesg microcom mim
minips mix mkdir mkdosfs mke2fs mkfifo mkfs.ext2 mkfs.ext3 mkfs.minix mkfs.reiser mkfs.vfat mknod
mkpasswd mkswap mktemp modinfo modprobe more mount mountpoint mpstat mt mv nameif nanddump nandwrite
nbd-client nbd-server nbd_client nbd_server nc netcat netstat nfsmount nice nl nmeter nohup nologin nproc
nsenter nslookup ntpd nuke od oneit openvt parse partprobe passwd paste patch pgrep pidof ping ping6
pipe_progress pivot_root pkill pmap popmaildir poweroff powertop printenv printf prlimit ps pscan pstree
pwd pwdx pwgen raidautorun rdate rdev readahead readelf readlink readprofile realpath reboot reformime
remove-shell renice reset resize restorecon resume return rev rfkill rm rmdir rmmod route rpm rpm2cpio
rtcwake run-init run-parts runcon runlevel runsv runsvdir rx script scriptreplay sed seedrng
selinuxenabled sendevent sendmail seq sestatus set setarch setconsole setenforce setfattr setfiles
setfont setkeycodes setlogcons setpriv setsebool setserial setsid setuidgid sh sha1sum sha224sum
sha256sum sha384sum sha3sum sha512sum shift showkey shred shuf slattach sleep smemcap sntp softlimit sort
source split ssl_client ssl_server start-stop-daemon stat strace strings stty su sulogin sum sv svc
svlogd svok swapoff swapon switch_root sync sysctl syslogd tac tail tar taskset tc tcpsvd tee telnet
telnetd test tftp tftpd time timeout top touch toysh tr traceroute traceroute6 trap tree true truncate ts
tsort tty ttysize tunctl tune2fs ubiattach ubidetach ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol
uclampset udhcpc udhcpc6 udhcpd udpsvd uevent ulimit umount unalias uname uncompress unexpand unicode
uniq unit unix2dos unlink unlzma unlzop unset unshare unxz unzip uptime useradd userdel users usleep
uudecode uuencode uuidgen vconfig vi vlock vmstat volname w wait wall watch watchdog wc wget which who
whoami whois xargs xxd xz xzcat yes zcat zcip`

/**
 * Builtins of POSIX shells (dash, ash, bash, ksh93, mksh, zsh, posh, yash), without the few that are also C
 * library functions (read, exit, kill, wait, times, umask, chdir, printf), which every program's symbol
 * table names.
 */
export const SHELL_BUILTINS = `
alias autoload bg bindkey break builtin caller cd command compgen complete compopt continue declare dirs
disown echo emulate enable eval exec export false fc fg getopts hash help history jobs let local logout
mapfile noglob popd pushd pwd readarray readonly rehash return set setopt shift shopt source suspend test
trap true type typeset ulimit unalias unhash unset unsetopt whence zmodload`

/** Reserved words of the POSIX shell grammar, and bash's and zsh's `coproc`. */
export const SHELL_KEYWORDS = `case coproc do done elif esac fi then until while`

/**
 * Variables a POSIX shell sets or reads itself (`PS1=$ `, `OPTIND=1`), without those every login program
 * knows (HOME, PATH, PWD, MAIL).
 */
export const SHELL_VARIABLES = `
CDPATH ENV FCEDIT HISTFILE HISTSIZE IFS LINENO MAILCHECK MAILPATH OLDPWD OPTARG OPTIND PPID PS1 PS2 PS3
PS4 SHLVL`

export function words(list: string): string[] {
  return list.split(/\s+/).filter((word) => word.length > 0)
}

#!/bin/sh
# Install the build tree into a scratch prefix, then build and run hello.c against it:
#   1. pkg-config, shared library (rpath to the prefix's libdir);
#   2. pkg-config --static, from a copy of the prefix without the shared library
#      (so -lhesse can only be libhesse.a; the copy also checks hesse.pc is relocatable);
#   3. find_package(hesse) with CMAKE_PREFIX_PATH: hesse::hesse and hesse::hesse_static.
# Usage: run.sh BUILD_DIR THIS_DIR C_COMPILER WORK_DIR [EXTRA_FLAGS]
set -eu
build=$1 here=$2 cc=$3 work=$4 extra=${5:-}

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" > "$work/install.log"

pc=$(find "$prefix" -name hesse.pc)
[ -n "$pc" ] || { echo "hesse.pc was not installed" >&2; exit 1; }

echo "== pkg-config, shared"
export PKG_CONFIG_PATH="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
libdir=$(pkg-config --variable=libdir hesse)
[ -f "$libdir/libhesse.so" ] || { echo "hesse.pc libdir $libdir has no libhesse.so" >&2; exit 1; }
# shellcheck disable=SC2046,SC2086
"$cc" $extra "$here/hello.c" $(pkg-config --cflags hesse) $(pkg-config --libs hesse) \
    -Wl,-rpath,"$libdir" -o "$work/hello_pc_shared"
ldd "$work/hello_pc_shared" | grep -q "$libdir/libhesse.so" ||
    { echo "hello_pc_shared does not load the installed libhesse.so" >&2; exit 1; }
"$work/hello_pc_shared"

echo "== pkg-config --static, relocated prefix without the shared library"
cp -R "$prefix" "$work/static-prefix"
rm -f "$work"/static-prefix/lib*/libhesse.so* "$work"/static-prefix/lib/*/libhesse.so*
export PKG_CONFIG_PATH="$(dirname "$(find "$work/static-prefix" -name hesse.pc)")"
# shellcheck disable=SC2046,SC2086
"$cc" $extra "$here/hello.c" $(pkg-config --cflags hesse) $(pkg-config --static --libs hesse) \
    -o "$work/hello_pc_static"
if ldd "$work/hello_pc_static" | grep -q libhesse; then
    echo "hello_pc_static is linked to a shared libhesse" >&2
    exit 1
fi
"$work/hello_pc_static"

echo "== find_package(hesse)"
unset PKG_CONFIG_PATH
cmake -S "$here" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra" -DCMAKE_EXE_LINKER_FLAGS="$extra" \
    > "$work/cmake-configure.log"
cmake --build "$work/cmake-build" > "$work/cmake-build.log"
ldd "$work/cmake-build/hello" | grep -q "$prefix/.*libhesse.so" ||
    { echo "hello (find_package) does not load the installed libhesse.so" >&2; exit 1; }
"$work/cmake-build/hello"
"$work/cmake-build/hello_static"
echo "install test passed"

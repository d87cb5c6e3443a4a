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

echo "== pkg-config --static hesse-static, relocated prefix"
cp -R "$prefix" "$work/static-prefix"
export PKG_CONFIG_PATH="$(dirname "$(find "$work/static-prefix" -name hesse-static.pc)")"
# shellcheck disable=SC2046,SC2086
"$cc" $extra "$here/hello.c" $(pkg-config --static --cflags --libs hesse-static) -o "$work/hello_pc_static"
if ldd "$work/hello_pc_static" | grep -q libhesse; then
    echo "hello_pc_static is linked to a shared libhesse (libhesse.so is next to libhesse.a)" >&2
    exit 1
fi
"$work/hello_pc_static"

echo "== the README's two link lines, as written, against the installed prefix"
export PKG_CONFIG_PATH="$(dirname "$pc")"
readme=$here/../../README.md
lines=$(grep '^cc app.c \$(pkg-config' "$readme") || { echo "no link lines in $readme" >&2; exit 1; }
k=0
echo "$lines" | while IFS= read -r line; do
    k=$((k + 1))
    cmd=${line%%#*}
    kind=${line##*# }
    (cd "$work" && cp "$here/hello.c" app.c && eval "$cmd $extra -Wl,-rpath,$libdir -o readme_$k") ||
        { echo "README line failed: $line" >&2; exit 1; }
    if [ "$kind" = static ] && ldd "$work/readme_$k" | grep -q libhesse; then
        echo "README's static line links the shared libhesse: $line" >&2
        exit 1
    fi
    if [ "$kind" = shared ] && ! ldd "$work/readme_$k" | grep -q libhesse.so; then
        echo "README's shared line does not link libhesse.so: $line" >&2
        exit 1
    fi
    "$work/readme_$k" > /dev/null
done

echo "== the build tree's hesse.pc and hesse-static.pc (PKG_CONFIG_PATH=BUILD_DIR)"
export PKG_CONFIG_PATH="$build"
inc=$(pkg-config --variable=includedir hesse)
[ -f "$inc/hesse.h" ] || { echo "the build tree's hesse.pc: no hesse.h in includedir $inc" >&2; exit 1; }
# shellcheck disable=SC2046,SC2086
"$cc" $extra "$here/hello.c" $(pkg-config --static --cflags --libs hesse-static) -o "$work/hello_build_tree"
"$work/hello_build_tree" > /dev/null

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

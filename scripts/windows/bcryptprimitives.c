/* Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks and Rust's std
   needs (ProcessPrng, its random source since Rust 1.78). It answers from BCryptGenRandom,
   the system RNG Wine does implement. Built with mingw by scripts/windows.sh and placed
   beside the .exe under test only; never shipped. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

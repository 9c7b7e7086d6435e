/*
 * Test-only stand-in for bcryptprimitives.dll under Wine 8, which lacks
 * ProcessPrng: the Go 1.26 runtime loads it from system32 at start and
 * exits without it. ProcessPrng fills the buffer from RtlGenRandom
 * (advapi32's SystemFunction036), as Windows' own does from its kernel
 * generator. Installed only into the throw-away Wine prefix of the tests
 * (scripts/wine/prefix.sh); never shipped with the console.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}

/* The practical floor for `features`: decode a file with libsndfile in
 * blocks and run one 512-point real FFT (FFTW, single precision) every
 * 10 ms of audio, nothing else. Scripts/bench compares fixture-check with it.
 * usage: floor FILE.wav */
#include <fftw3.h>
#include <sndfile.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(argv[1], SFM_READ, &info);
    if (!f) { fprintf(stderr, "%s: %s\n", argv[1], sf_strerror(NULL)); return 2; }
    int hop = info.samplerate / 100, n = 512;
    float *in = fftwf_alloc_real(n);
    fftwf_complex *out = fftwf_alloc_complex(n / 2 + 1);
    fftwf_plan plan = fftwf_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
    static float block[16384 * 8];
    float ring[512] = {0};
    long frames = 0, since = 0, pos = 0;
    double energy = 0;
    sf_count_t got;
    while ((got = sf_readf_float(f, block, 16384)) > 0) {
        for (sf_count_t i = 0; i < got; i++) {
            float s = 0;
            for (int c = 0; c < info.channels; c++) s += block[i * info.channels + c];
            ring[pos] = s / info.channels;
            pos = (pos + 1) & 511;
            if (++since == hop) {
                since = 0;
                /* oldest sample first: ring[pos..511] then ring[0..pos) */
                memcpy(in, ring + pos, sizeof(float) * (512 - pos));
                memcpy(in + 512 - pos, ring, sizeof(float) * pos);
                fftwf_execute(plan);
                energy += out[1][0] * out[1][0];
                frames++;
            }
        }
    }
    printf("%ld frames %g\n", frames, energy);
    sf_close(f);
    return 0;
}

/* Measures FFTW plans (FFTW_PATIENT) for the transform sizes fixture-check
 * uses and prints them as FFTW wisdom: frames of 25 ms at 8–48 kHz
 * (256–2048-point real FFTs) and the GCC-PHAT delay search (16,384–
 * 131,072-point real FFTs and their inverses). usage: measure */
#include <fftw3.h>
#include <stdio.h>

int main(void) {
    static const int frames[] = {256, 512, 1024, 2048};
    static const int searches[] = {16384, 32768, 65536, 131072};
    for (int i = 0; i < 4; i++) {
        int n = frames[i];
        float *in = fftwf_alloc_real(n);
        fftwf_complex *out = fftwf_alloc_complex(n / 2 + 1);
        fftwf_destroy_plan(fftwf_plan_dft_r2c_1d(n, in, out, FFTW_PATIENT));
        fftwf_free(in);
        fftwf_free(out);
    }
    for (int i = 0; i < 4; i++) {
        int n = searches[i];
        float *in = fftwf_alloc_real(n);
        fftwf_complex *out = fftwf_alloc_complex(n / 2 + 1);
        fftwf_destroy_plan(fftwf_plan_dft_r2c_1d(n, in, out, FFTW_MEASURE));
        fftwf_destroy_plan(fftwf_plan_dft_c2r_1d(n, out, in, FFTW_MEASURE));
        fftwf_free(in);
        fftwf_free(out);
    }
    char *wisdom = fftwf_export_wisdom_to_string();
    fputs(wisdom, stdout);
    fftwf_free(wisdom);
    return 0;
}

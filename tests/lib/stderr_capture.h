// Captures what a block writes to file descriptor 2, for diagnostic tests.
#pragma once

#include <unistd.h>
#include <cstdio>
#include <string>

class StderrCapture {
public:
    StderrCapture() {
        file_ = std::tmpfile();
        saved_ = ::dup(2);
        ::dup2(::fileno(file_), 2);
    }
    ~StderrCapture() {
        restore();
        std::fclose(file_);
    }
    std::string text() {
        restore();
        std::string result;
        std::rewind(file_);
        char buffer[512];
        size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, file_)) > 0) result.append(buffer, got);
        return result;
    }

private:
    void restore() {
        if (saved_ >= 0) {
            ::dup2(saved_, 2);
            ::close(saved_);
            saved_ = -1;
        }
    }
    std::FILE* file_ = nullptr;
    int saved_ = -1;
};

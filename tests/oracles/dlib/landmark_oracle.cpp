// Landmark oracle: runs dlib's own HOG face detector and 68-point shape predictor on raw rgb24 frames and prints
// one JSON object per frame. Used only by make-reference.sh to produce the committed reference file; CI never
// builds this. Usage:
//   landmark_oracle MODEL.dat FRAMES.rgb WIDTH HEIGHT CLIP_NAME INDEX0,INDEX1,...
// FRAMES.rgb holds the frames back to back (WIDTH*HEIGHT*3 bytes each), in the order of the index list.
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    if (argc != 7)
    {
        std::cerr << "usage: landmark_oracle MODEL.dat FRAMES.rgb WIDTH HEIGHT CLIP_NAME I0,I1,...\n";
        return 64;
    }
    const long width = std::stol(argv[3]);
    const long height = std::stol(argv[4]);
    const std::string clip = argv[5];
    std::vector<long> indices;
    {
        std::stringstream ss(argv[6]);
        std::string tok;
        while (std::getline(ss, tok, ',')) indices.push_back(std::stol(tok));
    }

    dlib::shape_predictor sp;
    dlib::deserialize(argv[1]) >> sp;
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();

    std::ifstream in(argv[2], std::ios::binary);
    std::vector<unsigned char> buf(width * height * 3);
    for (long index : indices)
    {
        if (!in.read(reinterpret_cast<char*>(buf.data()), buf.size()))
        {
            std::cerr << "short read at frame " << index << "\n";
            return 65;
        }
        dlib::array2d<dlib::rgb_pixel> img(height, width);
        for (long y = 0; y < height; ++y)
            for (long x = 0; x < width; ++x)
            {
                const unsigned char* p = &buf[(y * width + x) * 3];
                img[y][x] = dlib::rgb_pixel(p[0], p[1], p[2]);
            }
        // No upsampling: the anchors' faces are well above the HOG detector's 80 px minimum.
        std::vector<dlib::rectangle> faces = detector(img, 0);
        if (faces.size() != 1)
        {
            std::cerr << clip << " frame " << index << ": " << faces.size() << " faces, skipped\n";
            continue;
        }
        const dlib::rectangle box = faces[0];
        const dlib::full_object_detection shape = sp(img, box);
        std::printf("{\"clip\":\"%s\",\"index\":%ld,\"box\":[%ld,%ld,%ld,%ld],\"points\":[",
                    clip.c_str(), index, box.left(), box.top(), box.right(), box.bottom());
        for (unsigned long i = 0; i < shape.num_parts(); ++i)
            std::printf("%s%ld,%ld", i ? "," : "", shape.part(i).x(), shape.part(i).y());
        std::printf("]}\n");
    }
    return 0;
}

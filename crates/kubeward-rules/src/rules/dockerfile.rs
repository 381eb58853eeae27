//! Rules of the `dockerfile` category: Dockerfiles and Containerfiles, parsed by the loader
//! (`kubeward-dockerfile`) and checked through [`crate::Rule::check_dockerfile`].

pub mod dockerfile_add_instead_of_copy;
pub mod dockerfile_image_latest;
pub mod dockerfile_user_root;

using LanguageExt;
using Vjp.Functional;
using static LanguageExt.Prelude;

namespace Vjp.LanguageExt.Tests.Interop;

/// <summary>
/// A program that references Vjp.LanguageExt but names none of its types gets the <c>Seq</c> space anyway: the
/// resolver loads Vjp.LanguageExt when it meets a LanguageExt type. This class touches only Vjp.Functional and
/// LanguageExt.Core, so run alone (<c>--filter CompanionLoadTests</c>) it takes the loading path.
/// </summary>
public class CompanionLoadTests
{
    [Fact]
    public void SeqOfVec_IsDifferentiable_WithoutNamingAVjpLanguageExtType()
    {
        var xs = Diff.Input<Seq<Vec>>();
        Assert.Equal(4, VectorSpace<Seq<Vec>>.Instance.Dimension(Seq(Vec.Of(1, 2), Vec.Of(3, 4))));
        Assert.Equal(Seq1(Vec.Of(1, 1)), xs.Vjp(Seq1(Vec.Of(0, 0)), Seq1(Vec.Of(1, 1))));
        Assert.True(VectorSpace.IsDifferentiable(typeof(Arr<double>)));
    }
}

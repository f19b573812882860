namespace Vjp.Functional.Tests.Spaces;

/// <summary>A type without a vector-space instance fails at first use with a message naming the type (and member) and the fix; never a NullReferenceException or TypeInitializationException.</summary>
public sealed class MissingVectorSpaceTests
{
    public sealed record Bad(Vec W, string Label);

    public sealed record Outer(Bad Inner, double S);

    public sealed class NoMatchingConstructor
    {
        public Vec W { get; init; } = Vec.Zeros(1);
    }

    [VectorSpace(typeof(VecSpace))]
    public sealed record WrongAttribute(double A);

    private const string Fix = "[VectorSpace(typeof(MySpace))]";

    [Fact]
    public void Input_OfString_ThrowsMissingVectorSpaceNamingTheTypeAndTheFix()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<string>);
        Assert.Equal(typeof(string), e.MissingType);
        Assert.StartsWith("Type 'String' is not differentiable", e.Message, StringComparison.Ordinal);
        Assert.Contains(Fix, e.Message, StringComparison.Ordinal);
    }

    public sealed record Recursive(double V, Recursive? Next);

    [Fact]
    public void Input_OfASelfReferentialRecord_SaysItContainsItself()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<Recursive>);
        Assert.Equal(typeof(Recursive), e.MissingType);
        Assert.Contains("it contains itself (member 'Next')", e.Message, StringComparison.Ordinal);
    }

    public sealed record Ping(double V, Pong? Other);

    public sealed record Pong(Vec W, Ping? Back);

    [Fact]
    public void Input_OfMutuallyRecursiveRecords_SaysWhichMemberLeadsBack()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<Ping>);
        Assert.Equal(typeof(Ping), e.MissingType);
        Assert.Contains("it contains itself through its member 'Other' of type 'Pong'", e.Message, StringComparison.Ordinal);
        Assert.Throws<MissingVectorSpaceException>(Diff.Input<Pong>);
    }

    public sealed record Leaf(Vec W)
    {
        public Leaf(Holder holder) : this(holder.Leaf.W)
        {
        }
    }

    public sealed record Holder(Leaf Leaf, double S);

    [Fact]
    public void RecursionCheck_LooksOnlyAtTheConstructorTheSpaceIsBuiltOn()
    {
        // Leaf's second constructor takes a Holder, but Leaf's space is built on Leaf(Vec W): no recursion.
        var space = VectorSpace<Holder>.Instance;

        Assert.Equal(4, space.Dimension(new Holder(new Leaf(Vec.Of(1, 2, 3)), 5)));
    }

    [Fact]
    public void Input_OfListOfDouble_SaysCollectionsAreNotVectorSpaces()
    {
        // Not "its member 'Capacity'…": a List<double> has a constructor and properties, but they are not its contents.
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<List<double>>);
        Assert.Equal(typeof(List<double>), e.MissingType);
        Assert.Contains("collections are not vector spaces (use Vec", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Capacity", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_OfRecordWithNonDifferentiableMember_NamesTheRecordTheMemberAndTheFix()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<Bad>);
        Assert.Equal(typeof(Bad), e.MissingType);
        Assert.StartsWith("Type 'Bad' is not differentiable: its member 'Label' of type 'String' is not differentiable", e.Message, StringComparison.Ordinal);
        Assert.Contains("derives from VectorSpace<Bad>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEntryPoint_ForARecordWithNonDifferentiableMember_ThrowsMissingVectorSpaceEveryTime()
    {
        // Twice each: a cached failure must stay readable (no TypeInitializationException on the second use).
        for (var attempt = 0; attempt < 2; attempt++)
        {
            Assert.Throws<MissingVectorSpaceException>(() => VectorSpace<Bad>.Instance);
            Assert.Throws<MissingVectorSpaceException>(() => VectorSpace.Of(typeof(Bad)));
            Assert.Throws<MissingVectorSpaceException>(Diff.Input<Bad>);
            Assert.Throws<MissingVectorSpaceException>(Diff.Id<Bad>);
            Assert.Throws<MissingVectorSpaceException>(() => Diff.Const<Vec, Bad>(new Bad(Vec.Zeros(1), "")));
            Assert.Throws<MissingVectorSpaceException>(() => Diff.Create<Vec, Bad>("r", x => new Bad(x, ""), (x, y, yBar) => x));
            Assert.Throws<MissingVectorSpaceException>(() => Diff.Fanout(Diff.Input<Vec>(), Diff.Create<Vec, Bad>("r", x => new Bad(x, ""), (x, y, yBar) => x)));
        }

        Assert.False(VectorSpace.IsDifferentiable(typeof(Bad)));
    }

    [Fact]
    public void Input_OfTupleOrRecordNestingABadRecord_NamesThePathOfMembers()
    {
        var tuple = Assert.Throws<MissingVectorSpaceException>(Diff.Input<(Vec, Bad)>);
        Assert.StartsWith("Type '(Vec, Bad)' is not differentiable: its member 'Item2' of type 'Bad' is not differentiable: its member 'Label' of type 'String'", tuple.Message, StringComparison.Ordinal);
        var outer = Assert.Throws<MissingVectorSpaceException>(Diff.Input<Outer>);
        Assert.StartsWith("Type 'Outer' is not differentiable: its member 'Inner' of type 'Bad' is not differentiable: its member 'Label'", outer.Message, StringComparison.Ordinal);

        // Each reason is given once, then the advice once.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(outer.Message, "Differentiable types are"));
    }

    // Regression: arrays resolved as records and crashed with ArgumentNullException (their constructor parameter has no name).
    [Fact]
    public void Input_OfArray_ThrowsMissingVectorSpaceSuggestingVec()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<double[]>);
        Assert.Contains("use Vec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_OfOtherNonVectorTypes_ThrowsMissingVectorSpace()
    {
        Assert.Throws<MissingVectorSpaceException>(Diff.Input<int>);
        Assert.Throws<MissingVectorSpaceException>(Diff.Input<Func<double, double>>);
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<NoMatchingConstructor>);
        Assert.Contains("no public constructor whose parameters are all exposed as properties", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorSpaceAttribute_NamingTheWrongSpace_ThrowsMissingVectorSpaceNamingBoth()
    {
        var e = Assert.Throws<MissingVectorSpaceException>(Diff.Input<WrongAttribute>);
        Assert.Contains("its [VectorSpace] names VecSpace, which does not derive from VectorSpace<WrongAttribute>", e.Message, StringComparison.Ordinal);
    }
}
